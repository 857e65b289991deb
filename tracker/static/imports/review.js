/* The review screen of an imported notice: unit pickers (Tom Select over one shared list of units, searched
   without diacritics; a group adds all its units), flags that follow the clerk's choices, the attention filter
   and the bulk actions. Without this script the page is a plain form with multi-selects and still works. */
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('unit-picker-data').textContent);
  var form = document.getElementById('review-form');
  var attention = document.getElementById('attention');
  var flagLabels = data.flags;

  function fold(s) {
    return s.toLowerCase().replace(/đ/g, 'd').normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  }
  var groupOptions = data.groups.map(function (g, i) {
    return {value: 'g:' + i, text: 'Nhóm: ' + g.label + ' (' + g.ids.length + ' đơn vị)', search: fold(g.label) + ' nhom', group: true};
  });
  var options = groupOptions.concat(data.units.map(function (u) {
    return {value: String(u.value), text: u.text, search: u.search};
  }));

  // every typed word must occur (names, short names, aliases, initials, all folded); a word that starts a word
  // counts more, a name that starts with the whole query most ("ubnd" → Ủy ban nhân dân huyện by its alias
  // "UBND huyện"), and on a tie units come before groups
  function score(query) {
    var q = fold(query).trim(), words = q.split(/\s+/).filter(Boolean);
    return function (item) {
      var total = 0, spaced = ' ' + item.search.replace(/ \| /g, '  ');
      for (var i = 0; i < words.length; i++) {
        if (item.search.indexOf(words[i]) < 0) { return 0; }
        total += spaced.indexOf(' ' + words[i]) >= 0 ? 2 : 1;
      }
      var prefix = item.search.split(' | ').some(function (name) { return name.indexOf(q) === 0; });
      return total + (prefix ? words.length + 1 : 0) - (item.group ? 0.5 : 0);
    };
  }

  var byValue = {};
  options.forEach(function (o) { byValue[o.value] = o; });
  var copy = function (o) { return Object.assign({}, o); };  // Tom Select writes into its options
  // each picker holds only its chosen units and the best matches of what is typed (a province has 2,000 units
  // and a notice 40 pickers): the shared list is searched here
  function matches(query) {
    var fn = score(query), found = [];
    for (var i = 0; i < options.length; i++) {
      var s = fn(options[i]);
      if (s > 0) { found.push([s, i]); }
    }
    found.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
    return found.slice(0, 60).map(function (f) { return copy(options[f[1]]); });
  }

  function withOptions(picker, values) {  // a picker knows only what it has shown: add the units it will hold
    values.forEach(function (v) { if (!picker.options[v] && byValue[v]) { picker.addOption(copy(byValue[v])); } });
    return picker;
  }

  function makePicker(select, onChange) {
    var chosen = Array.prototype.map.call(select.selectedOptions, function (o) { return o.value; });
    if (select.dataset.name) {  // the plain list in <noscript> is for browsers without JavaScript
      select.name = select.dataset.name;
      select.id = select.id.replace(/-picker$/, '');
    }
    select.innerHTML = '';
    var picker = new TomSelect(select, {
      options: chosen.map(function (v) { return copy(byValue[v]); }),
      load: function (query, callback) { callback(matches(query)); },
      shouldLoad: function () { return true; }, loadThrottle: null, preload: 'focus',
      items: chosen, valueField: 'value', labelField: 'text', searchField: ['search'],
      score: score, sortField: [{field: '$score', direction: 'desc'}, {field: '$order'}], maxOptions: 60,
      plugins: ['remove_button'], closeAfterSelect: true, hidePlaceholder: true,
      placeholder: 'Gõ để tìm đơn vị, nhóm…',
      render: {
        option: function (item, escape) {
          return '<div' + (item.group ? ' class="fw-semibold text-danger"' : '') + '>' + escape(item.text) + '</div>';
        },
        no_results: function () { return '<div class="no-results">Không tìm thấy đơn vị.</div>'; }
      },
      onItemAdd: function (value) {
        if (value.indexOf('g:') === 0) {  // a group: its units instead of itself
          var ids = data.groups[+value.slice(2)].ids.map(String);
          this.removeItem(value, true);
          withOptions(this, ids).addItems(ids);
        }
      },
      onChange: onChange
    });
    return picker;
  }

  // ---- flags that follow the clerk's choices, the counter and its links --------------------------------------
  function setFlag(card, code, on) {
    var badge = card.querySelector('.flag-' + code);
    if (on && !badge) {
      badge = document.createElement('span');
      badge.className = 'badge text-bg-' + flagLabels[code][1] + ' flag flag-' + code;
      badge.dataset.flag = code;
      badge.textContent = flagLabels[code][0];
      card.querySelector('.flags').appendChild(badge);
    } else if (!on && badge) {
      badge.remove();
    }
  }
  function refreshCard(card) {
    var lead = card.querySelector('select[data-picker=lead]');
    var deadline = card.querySelector('input[name$="-deadline_on"]');
    setFlag(card, 'no_lead', lead && lead.tomselect ? lead.tomselect.items.length === 0 : !(lead && lead.selectedOptions.length));
    var noDeadline = !deadline.value.trim();
    setFlag(card, 'no_deadline', noDeadline);
    if (noDeadline) { setFlag(card, 'deadline_from_period', false); }
    card.classList.toggle('needs-attention', !!card.querySelector('.flag'));
  }
  function refreshCounter() {
    var flagged = Array.prototype.filter.call(form.querySelectorAll('.task-card'), function (c) {
      return c.classList.contains('needs-attention') && c.querySelector('.include-toggle').checked;
    });
    var count = document.getElementById('attention-count');
    var links = document.getElementById('attention-links');
    if (!count) { return; }
    count.textContent = flagged.length ? flagged.length + ' nhiệm vụ cần xem lại:' : 'Không còn nhiệm vụ nào cần xem lại.';
    count.classList.toggle('text-danger', flagged.length > 0);
    count.classList.toggle('text-success', flagged.length === 0);
    if (links) {
      links.innerHTML = '';
      flagged.forEach(function (card) {
        var a = document.createElement('a');
        var ref = card.querySelector('input[name$="-source_ref"]').value;
        a.href = '#' + card.id;
        a.className = 'badge text-bg-warning text-decoration-none me-1';
        a.textContent = ref || (+card.dataset.task + 1);
        links.appendChild(a);
      });
    }
  }

  // ---- one card ------------------------------------------------------------------------------------------------
  form.querySelectorAll('.task-card').forEach(function (card) {
    var changed = function () { refreshCard(card); refreshCounter(); };
    card.querySelectorAll('select[data-picker]').forEach(function (select) { makePicker(select, changed); });
    card.querySelector('input[name$="-deadline_on"]').addEventListener('input', changed);
    var box = card.querySelector('.include-toggle');
    var sync = function () { card.classList.toggle('excluded', !box.checked); refreshCounter(); };
    box.addEventListener('change', sync);
    card.classList.toggle('excluded', !box.checked);
  });
  refreshCounter();

  document.querySelectorAll('.js-only').forEach(function (el) { el.hidden = false; });

  document.querySelectorAll('.show-source').forEach(function (a) {
    a.addEventListener('click', function (ev) {
      ev.preventDefault();
      document.querySelectorAll('#source-text mark').forEach(function (m) { m.classList.remove('active'); });
      var m = document.getElementById('src-' + a.dataset.task);
      if (m) { m.classList.add('active'); m.scrollIntoView({block: 'center'}); }
    });
  });

  // a link to a card (counter, error summary) focuses it, so the keyboard carries on from there
  document.addEventListener('click', function (ev) {
    var a = ev.target.closest('a[href^="#task-"], a[href="#notice-fields"]');
    if (!a) { return; }
    var target = document.getElementById(a.getAttribute('href').slice(1));
    if (!target) { return; }
    ev.preventDefault();
    document.body.classList.remove('attention-only');
    var only = document.getElementById('attention-only');
    if (only) { only.checked = false; }
    target.scrollIntoView({block: 'start'});
    history.replaceState(null, '', '#' + target.id);
    // the first field in error, else the lead picker: where the clerk has work to do
    var first = ['.ts-wrapper.is-invalid input', 'input.is-invalid, textarea.is-invalid', '.ts-control input']
      .map(function (s) { return target.querySelector(s); }).filter(Boolean)[0];
    (first || target).focus({preventScroll: true});
  });
  var summary = document.getElementById('error-summary');
  if (summary) { summary.focus(); }

  var only = document.getElementById('attention-only');
  if (only) {
    only.addEventListener('change', function () { document.body.classList.toggle('attention-only', only.checked); });
  }

  // ---- bulk actions --------------------------------------------------------------------------------------------
  var picks = function () { return Array.prototype.filter.call(form.querySelectorAll('.bulk-pick'), function (b) { return b.checked; }); };
  var bulkCount = document.getElementById('bulk-count');
  var countPicks = function () { bulkCount.textContent = picks().length; };
  form.addEventListener('change', function (ev) { if (ev.target.classList.contains('bulk-pick')) { countPicks(); } });
  document.getElementById('bulk-pick-no-lead').addEventListener('click', function () {
    form.querySelectorAll('.task-card').forEach(function (card) {
      card.querySelector('.bulk-pick').checked = !!card.querySelector('.flag-no_lead') && card.querySelector('.include-toggle').checked;
    });
    countPicks();
  });
  document.getElementById('bulk-clear').addEventListener('click', function () {
    form.querySelectorAll('.bulk-pick').forEach(function (b) { b.checked = false; });
    countPicks();
  });
  var bulkLead = makePicker(document.getElementById('bulk-lead'), null);
  document.getElementById('bulk-apply-lead').addEventListener('click', function () {
    var ids = bulkLead.items.slice();
    if (!ids.length) { bulkLead.focus(); return; }
    picks().forEach(function (box) {
      withOptions(box.closest('.task-card').querySelector('select[data-picker=lead]').tomselect, ids).setValue(ids);
    });
  });
  document.getElementById('bulk-apply-deadline').addEventListener('click', function () {
    var input = document.getElementById('bulk-deadline');
    var value = input.value.trim();
    input.classList.toggle('is-invalid', !/^\d{1,2}\/\d{1,2}\/\d{4}$/.test(value));
    if (input.classList.contains('is-invalid')) { input.focus(); return; }
    picks().forEach(function (box) {
      var card = box.closest('.task-card');
      card.querySelector('input[name$="-deadline_on"]').value = value;
      setFlag(card, 'deadline_from_period', false);
      refreshCard(card);
    });
    refreshCounter();
  });
  document.querySelectorAll('.untick-section').forEach(function (button) {
    button.addEventListener('click', function () {
      form.querySelectorAll('.task-card[data-section="' + button.dataset.section + '"] .include-toggle').forEach(function (box) {
        box.checked = false;
        box.dispatchEvent(new Event('change'));
      });
    });
  });
}());
