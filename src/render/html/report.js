(function () {
  'use strict';
  // Everything shown from the data goes in by textContent: table text is never parsed as HTML.
  var data = JSON.parse(document.getElementById('jxlint-data').textContent);
  var W = data.words;
  var SEV = ['error', 'warning', 'note'];
  var PAGE = 100;
  var TABLE_ROWS = 20;
  // Secondary places shown before a button shows the rest.
  var LABELS = 6;
  var findings = data.findings;
  var files = data.files;
  var rules = data.rules;
  var state = { sev: SEV.slice(), rule: '', file: '', q: '', page: 1 };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, k) { return String(values[k]); });
  }

  // ---- the filter, kept in the URL fragment so that a link carries it ----
  function readHash() {
    var h = new URLSearchParams(location.hash.slice(1));
    var sev = h.has('sev') ? h.get('sev').split(',').filter(function (s) { return SEV.indexOf(s) >= 0; }) : SEV.slice();
    state = {
      sev: sev,
      rule: h.get('rule') || '',
      file: h.get('file') || '',
      q: h.get('q') || '',
      page: Math.max(1, parseInt(h.get('page') || '1', 10) || 1)
    };
  }
  function writeHash() {
    var h = new URLSearchParams();
    if (state.sev.length !== SEV.length) h.set('sev', state.sev.join(','));
    if (state.rule) h.set('rule', state.rule);
    if (state.file) h.set('file', state.file);
    if (state.q) h.set('q', state.q);
    if (state.page > 1) h.set('page', String(state.page));
    var s = h.toString();
    history.replaceState(null, '', s ? '#' + s : location.pathname + location.search);
  }
  function change(update) {
    update();
    writeHash();
    show();
  }

  function matches(f) {
    if (state.sev.indexOf(SEV[f.s]) < 0) return false;
    if (state.rule) {
      if (state.rule.indexOf('group:') === 0) {
        var r = rules[f.r];
        if (!r || 'group:' + r.g !== state.rule) return false;
      } else if (f.r !== state.rule) return false;
    }
    var file = files[f.f];
    if (state.file) {
      var want = state.file.toLowerCase();
      if (file.p.toLowerCase().indexOf(want) < 0 && (file.d || '').toLowerCase().indexOf(want) < 0) return false;
    }
    if (state.q) {
      var q = state.q.toLowerCase();
      var hay = [f.m, f.r, f.j || '', f.x.join(''), file.p, file.d || ''].join('\n').toLowerCase();
      if (hay.indexOf(q) < 0) return false;
    }
    return true;
  }

  // ---- the filter form ----
  var form = document.getElementById('filters');
  var sevBoxes = [];
  function buildForm() {
    var sevs = el('fieldset', 'severities');
    SEV.forEach(function (s, i) {
      var label = el('label', s);
      var box = el('input');
      box.type = 'checkbox';
      box.name = 'sev';
      box.value = s;
      box.addEventListener('change', function () {
        change(function () {
          state.sev = sevBoxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
          state.page = 1;
        });
      });
      sevBoxes.push(box);
      label.appendChild(box);
      label.appendChild(el('span', null, W.sev[i]));
      label.appendChild(el('span', 'count', ''));
      sevs.appendChild(label);
    });
    form.appendChild(sevs);

    var select = el('select');
    select.id = 'filter-rule';
    select.appendChild(new Option(W.allRules, ''));
    var counts = {};
    findings.forEach(function (f) { counts[f.r] = (counts[f.r] || 0) + 1; });
    var groups = {};
    Object.keys(rules).forEach(function (id) {
      var g = rules[id].g;
      (groups[g] = groups[g] || []).push(id);
    });
    Object.keys(counts).forEach(function (id) {
      if (!rules[id]) (groups['?'] = groups['?'] || []).push(id);
    });
    Object.keys(groups).forEach(function (g) {
      var og = el('optgroup');
      og.label = g;
      og.appendChild(new Option(g + ' (' + W.group + ')', 'group:' + g));
      groups[g].forEach(function (id) {
        og.appendChild(new Option(id + ' (' + (counts[id] || 0) + ')', id));
      });
      select.appendChild(og);
    });
    select.addEventListener('change', function () {
      change(function () { state.rule = select.value; state.page = 1; });
    });
    form.appendChild(select);

    // A search box that sets `key` of the filter as one types.
    function searchBox(id, placeholder, key) {
      var box = el('input');
      box.type = 'search';
      box.id = id;
      box.placeholder = placeholder;
      box.addEventListener('input', function () {
        change(function () { state[key] = box.value; state.page = 1; });
      });
      form.appendChild(box);
    }
    searchBox('filter-file', W.file + ' / ' + W.department, 'file');
    searchBox('filter-text', W.search, 'q');
    form.addEventListener('submit', function (e) { e.preventDefault(); });
  }
  function syncForm() {
    sevBoxes.forEach(function (b) { b.checked = state.sev.indexOf(b.value) >= 0; });
    document.getElementById('filter-rule').value = state.rule;
    document.getElementById('filter-file').value = state.file;
    document.getElementById('filter-text').value = state.q;
  }

  // ---- findings ----
  function excerpt(x, inline) {
    var box = el(inline ? 'span' : 'div', inline ? 'cell inline' : 'cell');
    box.appendChild(document.createTextNode(x[0]));
    box.appendChild(el('mark', null, x[1]));
    box.appendChild(document.createTextNode(x[2]));
    return box;
  }
  function finding(f) {
    var a = el('article', 'finding ' + SEV[f.s]);
    a.dataset.rule = f.r;
    a.dataset.severity = SEV[f.s];
    var head = el('p', 'head');
    head.appendChild(el('span', 'badge', W.sev[f.s]));
    head.appendChild(el('code', 'rule', f.r));
    head.appendChild(el('span', 'message', f.m));
    a.appendChild(head);
    var meta = el('p', 'meta');
    meta.appendChild(el('span', 'place', f.p));
    if (f.j) meta.appendChild(el('span', 'project', W.project + '：' + f.j));
    a.appendChild(meta);
    a.appendChild(excerpt(f.x));
    if (f.l.length) {
      var ul = el('ul', 'labels');
      f.l.forEach(function (l, i) {
        var li = el('li');
        if (i >= LABELS) li.hidden = true;
        li.appendChild(el('span', 'label-message', l.m));
        li.appendChild(el('span', 'place', l.p));
        // A short cell (an amount) stands beside its place; a long one below it.
        if (l.x) li.appendChild(excerpt(l.x, l.x.join('').length <= 40));
        ul.appendChild(li);
      });
      a.appendChild(ul);
      if (f.l.length > LABELS) {
        var more = el('button', 'more', fill(W.moreLabels, { n: f.l.length - LABELS }));
        more.type = 'button';
        more.addEventListener('click', function () {
          Array.prototype.forEach.call(ul.children, function (li) { li.hidden = false; });
          more.remove();
        });
        a.appendChild(more);
      }
    }
    f.n.forEach(function (n) { a.appendChild(el('p', 'remark', n)); });
    if (f.h) a.appendChild(el('p', 'help', W.help + '：' + f.h));
    var r = rules[f.r];
    if (r && r.d) {
      var d = el('details', 'explain');
      d.appendChild(el('summary', null, W.explain + '：' + r.s));
      d.appendChild(el('div', 'doc', r.d));
      a.appendChild(d);
    }
    return a;
  }

  function show() {
    syncForm();
    var shown = findings.filter(matches);
    var bySev = [0, 0, 0];
    shown.forEach(function (f) { bySev[f.s] += 1; });
    sevBoxes.forEach(function (b, i) { b.parentNode.querySelector('.count').textContent = ' ' + bySev[i]; });
    document.getElementById('shown-count').textContent = fill(W.shown, { n: shown.length, total: findings.length });
    var pages = Math.max(1, Math.ceil(shown.length / PAGE));
    if (state.page > pages) state.page = pages;
    var list = document.getElementById('findings');
    list.replaceChildren();
    if (!shown.length) list.appendChild(el('p', 'empty', W.none));
    var last = -1;
    var group = null;
    shown.slice((state.page - 1) * PAGE, state.page * PAGE).forEach(function (f) {
      if (f.f !== last) {
        last = f.f;
        group = el('section', 'file');
        var h = el('h3', null, files[f.f].p);
        if (files[f.f].d) h.appendChild(el('span', 'department', files[f.f].d));
        group.appendChild(h);
        list.appendChild(group);
      }
      group.appendChild(finding(f));
    });
    var nav = document.getElementById('pages');
    nav.replaceChildren();
    if (pages > 1) {
      var prev = el('button', 'prev', W.prev);
      prev.type = 'button';
      prev.disabled = state.page <= 1;
      prev.addEventListener('click', function () { change(function () { state.page -= 1; }); });
      var next = el('button', 'next', W.next);
      next.type = 'button';
      next.disabled = state.page >= pages;
      next.addEventListener('click', function () { change(function () { state.page += 1; }); });
      nav.appendChild(prev);
      nav.appendChild(el('span', 'page', fill(W.page, { p: state.page, pages: pages })));
      nav.appendChild(next);
    }
  }

  // ---- departments and files, sortable ----
  function sortable(title, columns, rows, onPick) {
    var box = el('div', 'table');
    box.appendChild(el('h3', null, title));
    var table = el('table', 'sortable');
    var thead = el('thead');
    var tr = el('tr');
    var sort = { key: 3, down: true };
    var all = false;
    var body = el('tbody');
    var more = el('button', 'more');
    more.type = 'button';
    function draw() {
      var sorted = rows.slice().sort(function (a, b) {
        var x = a[sort.key], y = b[sort.key];
        var c = typeof x === 'number' ? x - y : String(x).localeCompare(String(y));
        if (c === 0) c = String(a[0]).localeCompare(String(b[0]));
        return sort.down ? -c : c;
      });
      body.replaceChildren();
      (all ? sorted : sorted.slice(0, TABLE_ROWS)).forEach(function (r) {
        var row = el('tr');
        r.slice(0, columns.length).forEach(function (v, i) {
          var td = el('td', typeof v === 'number' ? 'n' : null, v);
          if (i === 0 && onPick) {
            td.className = 'pick';
            td.title = W.filterFile;
            td.addEventListener('click', function () { onPick(r); });
          }
          row.appendChild(td);
        });
        body.appendChild(row);
      });
      Array.prototype.forEach.call(thead.querySelectorAll('th'), function (th, i) {
        th.dataset.sort = i === sort.key ? (sort.down ? 'down' : 'up') : '';
      });
      more.hidden = rows.length <= TABLE_ROWS;
      more.textContent = fill(all ? W.showFewer : W.showAll, { n: all ? TABLE_ROWS : rows.length });
    }
    columns.forEach(function (c, i) {
      var th = el('th', rows.length && typeof rows[0][i] === 'number' ? 'n' : null, c);
      th.addEventListener('click', function () {
        sort = { key: i, down: sort.key === i ? !sort.down : i > 0 };
        draw();
      });
      tr.appendChild(th);
    });
    thead.appendChild(tr);
    table.appendChild(thead);
    table.appendChild(body);
    box.appendChild(table);
    more.addEventListener('click', function () { all = !all; draw(); });
    box.appendChild(more);
    draw();
    return box;
  }
  function buildTables() {
    var tables = document.getElementById('tables');
    var byDepartment = {};
    files.forEach(function (f) {
      var key = f.d || '—';
      var d = byDepartment[key] = byDepartment[key] || [key, 0, 0, 0, 0, 0];
      d[1] += 1;
      d[2] += f.n;
      d[3] += f.c[0];
      d[4] += f.c[1];
      d[5] += f.c[2];
    });
    var departments = Object.keys(byDepartment).map(function (k) { return byDepartment[k]; });
    var pickText = function (r) {
      change(function () { state.file = r[0] === '—' ? '' : r[0]; state.page = 1; });
      document.getElementById('findings-section').scrollIntoView();
    };
    tables.appendChild(sortable(W.byDepartment,
      [W.department, W.tables, W.projects, W.sev[0], W.sev[1], W.sev[2]], departments, pickText));
    var fileRows = files.map(function (f) {
      return [f.p, f.d || (f.e ? W.unreadable + '：' + f.e : ''), f.n, f.c[0], f.c[1], f.c[2]];
    });
    tables.appendChild(sortable(W.byFile,
      [W.file, W.department, W.projects, W.sev[0], W.sev[1], W.sev[2]], fileRows, pickText));
  }

  // A bar of the rule chart filters by its rule.
  Array.prototype.forEach.call(document.querySelectorAll('#chart-rules g.rule'), function (g) {
    g.addEventListener('click', function () {
      change(function () { state.rule = g.dataset.rule; state.page = 1; });
      document.getElementById('findings-section').scrollIntoView();
    });
  });

  buildForm();
  buildTables();
  readHash();
  show();
  window.addEventListener('hashchange', function () { readHash(); show(); });
  document.body.dataset.ready = 'true';
})();
