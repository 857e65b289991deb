// Where the eye is: a refused form scrolls to its first error; a list's other filters open on demand (phones);
// confirmations fade after a while.
document.addEventListener("DOMContentLoaded", function () {
  var invalid = document.querySelector("main form[method=post] .is-invalid");
  if (invalid) {
    invalid.scrollIntoView({block: "center", behavior: "instant"});
    invalid.focus({preventScroll: true});
  }
  document.querySelectorAll(".filter-toggle").forEach(function (button) {
    button.addEventListener("click", function () { button.closest("form").classList.add("open"); });
  });
  document.querySelectorAll("#flash .alert-success").forEach(function (alert) {
    setTimeout(function () { alert.classList.remove("show"); setTimeout(function () { alert.remove(); }, 300); }, 10000);
  });
});
