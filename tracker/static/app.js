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

// What used to be inline handlers (the Content-Security-Policy allows no inline script): a form that asks
// before it sends (data-confirm), a field whose text is selected on a click (data-select-on-click), the print button.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) { event.preventDefault(); }
    });
  });
  document.querySelectorAll("[data-select-on-click]").forEach(function (field) {
    field.addEventListener("click", function () { field.select(); });
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
});
