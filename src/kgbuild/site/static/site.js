// The explorer's one script: search over the whole site, sortable tables with CSV download, filters kept in
// the URL fragment, money charts and the graph. Every piece of text is set with textContent and every link
// built from the site's own relative paths or http(s) URLs, so nothing from the graph is ever parsed as HTML.

(function () {
  "use strict";
  var T = {start: performance.now()};
  var body = document.body;
  var ROOT = body.getAttribute("data-root") || "";
  var PAGE = body.getAttribute("data-page") || "";
  var SVG = "http://www.w3.org/2000/svg";

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    if (text !== undefined) { e.textContent = String(text); }
    return e;
  }
  // a script of the site read when it is needed (a page opened from the disk may not fetch): search index,
  // full-text files, a neighbour's graph data
  function loadScript(src, onload, onerror) {
    var script = document.createElement("script");
    script.src = src;
    if (onload) { script.onload = onload; }
    if (onerror) { script.onerror = onerror; }
    document.body.appendChild(script);
  }
  // a link inside the site: its paths are made by kgbuild from slugs, never from free text
  function local(href) { return /^[a-z0-9][a-z0-9./#-]*$/.test(href) ? ROOT + href : null; }
  function euro(v) {
    var a = Math.abs(v);
    if (a >= 1e9) { return "\u20ac" + (v / 1e9).toFixed(1) + " bn"; }
    if (a >= 1e6) { return "\u20ac" + (v / 1e6).toFixed(1) + " M"; }
    if (a >= 1e5) { return "\u20ac" + Math.round(v / 1e3) + " k"; }
    return "\u20ac" + Math.round(v).toLocaleString("en");
  }
  var TYPE_NAMES = {report: "report", section: "agreement section", decision: "decision",
                    organisation: "organisation", programme: "programme", person: "minister", theme: "theme",
                    claim: "claim", grant: "amount"};

  // ------------------------------------------------------------------------------------------ search
  var q = document.getElementById("q");
  var hits = document.getElementById("hits");
  var hitsCount = document.getElementById("hits-count");
  // The index (every page and claim of the site) is a script of its own, read on the first use of the box:
  // a page that is only looked at does not parse it.
  var INDEX = null, loading = false;
  function indexed() {
    if (INDEX || !window.KGSEARCH) { return !!INDEX; }
    INDEX = window.KGSEARCH.map(function (e) {
      var others = (e[3] || "").toLowerCase();
      return {name: e[0], type: e[1], href: e[2], date: e[4], key: e[0].toLowerCase(),
              alias: others ? others.split(" | ") : []};
    });
    T.searchIndex = performance.now();
    var types = {}, years = {};
    INDEX.forEach(function (e) { types[e.type] = true; if (e.date) { years[e.date.slice(0, 4)] = true; } });
    var qt = document.getElementById("q-type"), qy = document.getElementById("q-year");
    Object.keys(TYPE_RANK).filter(function (t) { return types[t]; }).forEach(function (t) {
      var o = el("option", null, TYPE_NAMES[t] || t); o.value = t; if (qt) { qt.appendChild(o); }
    });
    Object.keys(years).sort().forEach(function (y) { var o = el("option", null, y); o.value = y; if (qy) { qy.appendChild(o); } });
    return true;
  }
  function loadIndex() {
    if (indexed() || loading) { return; }
    loading = true;
    loadScript(ROOT + "assets/search.js", function () { indexed(); if (q.value.trim()) { showHits(); } });
  }
  var TYPE_RANK = {organisation: 0, programme: 1, person: 2, report: 3, section: 4, theme: 5, decision: 6, claim: 7};
  // names first: a name or another name it goes by, whole, then a name that begins with the query, then one that
  // holds it ("VLAIO" finds the agency before the decisions that mention it)
  function byName(t) {
    var found = [];
    for (var i = 0; i < INDEX.length; i++) {
      var e = INDEX[i];
      var at = e.key.indexOf(t);
      var score = e.key === t || e.alias.indexOf(t) >= 0 ? 0 : at === 0 ? 1 : at > 0 ? 2 : -1;
      if (score >= 0) { found.push([score, TYPE_RANK[e.type] || 9, e.name.length, i]); }
    }
    found.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || a[3] - b[3]; });
    return found.map(function (f) { return f[3]; });
  }

  // ------------------------------------------------------------------------------------- full-text search
  // The words of every entry of the index above, in files under assets/ft/ read on demand (see
  // kgbuild/site/fulltext.py): a query word is found as the site writes it, folded; its stem gives the entries.
  var FT = {meta: null, shards: {}, texts: {}, asked: {}};
  window.KGFT = {
    meta: function (k, m) {
      var total = 0;
      m.len.forEach(function (n) { total += n; });
      m.avg = total / Math.max(1, m.len.length);
      m.stopSet = {};
      m.stop.forEach(function (w) { m.stopSet[w] = true; });
      m.has = {};
      m.shards.forEach(function (x) { m.has[x] = true; });
      FT.meta = m; refresh();
    },
    shard: function (k, v) { FT.shards[k] = v; refresh(); },
    texts: function (k, v) { FT.texts[k] = v; refresh(); }
  };
  var refreshing = null;
  function refresh() {  // a file arrived: show the hits again, once for a burst of files
    if (refreshing === null && q && q.value.trim()) {
      refreshing = setTimeout(function () { refreshing = null; showHits(); }, 30);
    }
  }
  function ask(name) {
    if (FT.asked[name] || !/^[a-z0-9_-]+$/.test(name)) { return; }
    FT.asked[name] = true;
    loadScript(ROOT + "assets/ft/" + name + ".js");
  }
  function fold(text) { return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  function shardOf(w) { return (w + "__").slice(0, 2).replace(/[^a-z0-9]/g, "_"); }
  function queryWords(text) {
    var out = [];
    (fold(text).match(/[0-9a-z]+(?:-[0-9a-z]+)*/g) || []).forEach(function (w) {
      var parts = w.split("-");
      (parts.length > 1 ? [w].concat(parts) : [w]).forEach(function (p) {
        if (p.length > 1 && !FT.meta.stopSet[p] && out.indexOf(p) < 0) { out.push(p); }
      });
    });
    return out;
  }
  function shardFor(w) {  // the words and postings that begin like w; null while its file is on its way
    var key = shardOf(w);
    if (!FT.meta.has[key]) { return {v: {}, p: {}}; }
    if (!FT.shards[key]) { ask("s-" + key); return null; }
    return FT.shards[key];
  }
  var ENDINGS = ["heden", "ingen", "ing", "en", "es", "s", "e", "te", "de", "t", "d"];
  function stemsOf(w, typing) {
    var sh = shardFor(w);
    if (sh === null) { return null; }
    var out = [];
    function add(s) { if (s && out.indexOf(s) < 0) { out.push(s); } }
    add(sh.v[w]);
    for (var i = 0; !out.length && i < ENDINGS.length; i++) {  // a form the site does not hold
      var e = ENDINGS[i];
      if (w.length - e.length >= 3 && w.slice(-e.length) === e) { add(sh.v[w.slice(0, -e.length)]); }
    }
    if (typing && w.length >= 3) {  // the word being typed: the words it begins
      var n = 0;
      for (var k in sh.v) {
        if (k.lastIndexOf(w, 0) === 0) { add(sh.v[k]); if (++n >= 40) { break; } }
      }
    }
    return out;
  }
  function fulltext(text) {  // {hits: [[entry, score, words matched]], words: n, stems: [...]}, or null while loading
    if (!FT.meta) { ask("meta"); return null; }
    var ws = queryWords(text);
    var len = FT.meta.len, N = len.length, avg = FT.meta.avg, k1 = 1.5, b = 0.75;
    var score = {}, matched = {}, stems = [];
    for (var i = 0; i < ws.length; i++) {
      var these = stemsOf(ws[i], i === ws.length - 1 && !/\s$/.test(text));
      if (these === null) { return null; }
      var best = {};
      for (var j = 0; j < these.length; j++) {
        var sh = shardFor(these[j]);
        if (sh === null) { return null; }
        var flat = sh.p[these[j]] || [];
        var df = flat.length / 2, idf = Math.log(1 + (N - df + 0.5) / (df + 0.5)), doc = 0;
        stems.push(these[j]);
        for (var x = 0; x < flat.length; x += 2) {
          doc += flat[x];
          var tf = flat[x + 1];
          var s = idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len[doc] / avg));
          if (!(best[doc] >= s)) { best[doc] = s; }
        }
      }
      Object.keys(best).forEach(function (d) {
        score[d] = (score[d] || 0) + best[d];
        matched[d] = (matched[d] || 0) + 1;
      });
    }
    var hits = Object.keys(score).map(function (d) { return [+d, score[d], matched[d]]; });
    // the entries that hold every word, when there are any (else those that hold most), by their score
    var most = hits.reduce(function (m, h) { return Math.max(m, h[2]); }, 0);
    hits = hits.filter(function (h) { return h[2] === most; });
    hits.sort(function (a, c) { return c[1] - a[1] || a[0] - c[0]; });
    return {hits: hits, words: ws.length, stems: stems};
  }
  // a snippet: the entry's text around its first word with one of the query's stems, that word marked
  function snippet(entry, stems) {
    var block = FT.texts[Math.floor(entry / FT.meta.block)];
    if (!block) { ask("t-" + Math.floor(entry / FT.meta.block)); return null; }
    var text = block[entry % FT.meta.block] || "", low = fold(text), at = -1, size = 0;
    stems.forEach(function (s) {
      var sh = FT.shards[shardOf(s)];
      if (!sh) { return; }
      for (var w in sh.v) {
        if (sh.v[w] !== s) { continue; }
        var re = new RegExp("(^|[^0-9a-z])" + w.replace(/[^0-9a-z]/g, "\\$&") + "(?![0-9a-z])");
        var m = re.exec(low);
        if (m && (at < 0 || m.index + m[1].length < at)) { at = m.index + m[1].length; size = w.length; }
      }
    });
    var box = el("span", "snip");
    if (at < 0) { box.textContent = text.slice(0, 160) + (text.length > 160 ? "\u2026" : ""); return box; }
    var from = Math.max(0, at - 80), to = Math.min(text.length, at + size + 120);
    box.appendChild(document.createTextNode((from > 0 ? "\u2026" : "") + text.slice(from, at)));
    box.appendChild(el("mark", null, text.slice(at, at + size)));
    box.appendChild(document.createTextNode(text.slice(at + size, to) + (to < text.length ? "\u2026" : "")));
    return box;
  }
  var qType = document.getElementById("q-type"), qYear = document.getElementById("q-year");
  function search(text) {  // the entries a query finds: names first, then full text; null while loading
    var t = text.trim().toLowerCase();
    if (t.length < 2 || !indexed()) { return {names: [], text: null}; }
    return {names: byName(t), text: fulltext(text)};
  }
  function keep(e) {
    return (!qType || !qType.value || e.type === qType.value) &&
      (!qYear || !qYear.value || (e.date || "").slice(0, 4) === qYear.value);
  }
  function showHits() {
    var found = search(q.value);
    var order = [], seen = {}, named = {}, full = {};
    found.names.forEach(function (i) { if (!seen[i] && keep(INDEX[i])) { seen[i] = named[i] = true; order.push(i); } });
    var ft = found.text;
    if (ft) {
      ft.hits.forEach(function (h) {
        if (!seen[h[0]] && INDEX[h[0]] && keep(INDEX[h[0]])) { seen[h[0]] = true; full[h[0]] = h; order.push(h[0]); }
      });
    }
    // a file that arrives while the reader moves through the results redraws them: the focus stays where it was
    var focused = hits.contains(document.activeElement) ? document.activeElement.getAttribute("href") : null;
    hits.replaceChildren();
    order.slice(0, 50).forEach(function (i) {
      var e = INDEX[i];
      var li = el("li");
      var a = el("a", null, e.name.length > 140 ? e.name.slice(0, 139) + "\u2026" : e.name);
      var href = local(e.href);
      if (href) { a.href = href; }
      li.appendChild(a);
      li.appendChild(el("small", null, " " + (TYPE_NAMES[e.type] || e.type) + (e.date ? " \u00b7 " + e.date : "")));
      if (full[i] && ft.stems.length) {
        var snip = snippet(i, ft.stems);
        if (snip) { li.appendChild(snip); }
      }
      hits.appendChild(li);
    });
    var typed = !!q.value.trim();
    hits.hidden = !typed;
    var filters = document.querySelector(".q-filters");
    if (filters) { filters.hidden = !typed; }
    if (typed && !order.length) {
      hits.appendChild(el("li", "none", INDEX && ft !== null ? "No match" : "Reading the index \u2026"));
    }
    if (focused !== null) {
      var again = Array.prototype.filter.call(hits.querySelectorAll("a"), function (a) {
        return a.getAttribute("href") === focused; })[0] || hits.querySelector("a");
      if (again) { again.focus(); }
    }
    T.searchShown = performance.now();
    hitsCount.textContent = typed ? order.length + " results" + (order.length > 50 ? ", the first 50 shown" : "") : "";
  }
  [qType, qYear].forEach(function (s) { if (s) { s.addEventListener("change", showHits); } });
  if (q) {
    q.addEventListener("focus", loadIndex);
    q.addEventListener("input", function () { loadIndex(); showHits(); });
    q.addEventListener("keydown", function (ev) {
      var first = hits.querySelector("a");
      if (ev.key === "Enter" && first) { ev.preventDefault(); first.click(); }
      if (ev.key === "ArrowDown" && first) { ev.preventDefault(); first.focus(); }
      if (ev.key === "Escape") { hits.hidden = true; }
    });
    hits.addEventListener("keydown", function (ev) {
      var links = Array.prototype.slice.call(hits.querySelectorAll("a"));
      var at = links.indexOf(document.activeElement);
      if (ev.key === "ArrowDown" && at < links.length - 1) { ev.preventDefault(); links[at + 1].focus(); }
      if (ev.key === "ArrowUp") { ev.preventDefault(); (at > 0 ? links[at - 1] : q).focus(); }
      if (ev.key === "Escape") { hits.hidden = true; q.focus(); }
    });
  }

  // ------------------------------------------------------------------------------------------ tables
  // A long table arrives with its first rows in the body and the rest in an inert <template> (parsed, never
  // laid out: a page of 4,000 rows opens three times faster). Each table keeps all its rows in a list;
  // filters mark them, sorting orders them, and the body holds the first LIMIT that match until
  // "Show all" is pressed. CSV, counts and charts read the list, so they cover every matching row.
  var LIMIT = parseInt(body.getAttribute("data-rows"), 10) || 200;
  var TABLES = {};
  Array.prototype.forEach.call(document.querySelectorAll("table.kg"), function (table) {
    var name = table.getAttribute("data-name");
    var more = document.querySelector("template.more[data-for='" + name + "']");
    var all = Array.prototype.slice.call(table.tBodies[0].rows);
    if (more) { all = all.concat(Array.prototype.slice.call(more.content.querySelectorAll("tr"))); }
    TABLES[name] = {el: table, name: name, all: all, limit: LIMIT};
  });
  function matching(t) { return t.all.filter(function (r) { return r._pass !== false; }); }
  function renderTable(t) {
    var rows = matching(t), frag = document.createDocumentFragment();
    rows.slice(0, t.limit).forEach(function (r) { frag.appendChild(r); });
    t.el.tBodies[0].replaceChildren(frag);
    var count = document.querySelector("[data-count='" + t.name + "']");
    var button = document.querySelector("button.more[data-table='" + t.name + "']");
    var text = rows.length === t.all.length ? t.all.length + " rows" : rows.length + " of " + t.all.length + " rows match";
    if (rows.length > t.limit) { text += "; the first " + t.limit + " are shown"; }
    if (count) { count.textContent = text; }
    if (button) { button.hidden = rows.length <= t.limit; }
    // the heading's count follows the filters too: "(3003)", filtered "(412 of 3003)"
    var section = t.el.closest("section"), small = section ? section.querySelector("h2 small") : null;
    if (small && /^\(\d[\d,]* ?(of [\d,]+)?\)$/.test(small.textContent)) {
      small.textContent = "(" + (rows.length === t.all.length ? t.all.length : rows.length + " of " + t.all.length) + ")";
    }
  }
  function cellValue(td, kind) {
    var v = td.hasAttribute("data-v") ? td.getAttribute("data-v") : td.textContent;
    if (kind === "num") { var n = parseFloat(v); return isNaN(n) ? -Infinity : n; }
    return v.trim().toLowerCase();
  }
  Object.keys(TABLES).forEach(function (name) {
    var t = TABLES[name];
    var ths = Array.prototype.slice.call(t.el.querySelectorAll("thead th"));
    ths.forEach(function (th, col) {
      var button = th.querySelector("button.sort");
      if (!button) { return; }
      button.addEventListener("click", function () {
        var kind = th.getAttribute("data-sort");
        var up = th.getAttribute("aria-sort") !== "ascending";
        ths.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", up ? "ascending" : "descending");
        t.sorted = [col, kind, up];
        sortTable(t);
        renderTable(t);
      });
    });
  });
  function sortTable(t) {
    if (!t.sorted) { return; }
    var col = t.sorted[0], kind = t.sorted[1], up = t.sorted[2];
    var keyed = t.all.map(function (r, i) { return [cellValue(r.cells[col], kind), i, r]; });
    keyed.sort(function (a, b) {
      var c = a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
      return (up ? c : -c) || a[1] - b[1];
    });
    t.all = keyed.map(function (k) { return k[2]; });
  }
  // A long table's rows past the first ones wait in a script of their own (data/r/<page>.js), read once the page
  // is open; when they arrive they join the table, and filters, sorting, counts and charts take them in.
  var waiting = 0;
  function hold() { waiting += 1; }
  function release() { waiting -= 1; if (!waiting) { ready(); } }
  var rowFiles = {};
  Object.keys(TABLES).forEach(function (name) {
    var more = document.querySelector("template.more[data-for='" + name + "']");
    var src = more && more.getAttribute("data-src");
    if (src) { (rowFiles[src] = rowFiles[src] || []).push(name); }
  });
  function loadRows() {
    Object.keys(rowFiles).forEach(function (src) {
      hold();
      var arrived = function () {
        var got = (window.KGROWS || {})[PAGE] || {};
        rowFiles[src].forEach(function (name) {
          var t = TABLES[name], tpl = document.createElement("template");
          tpl.innerHTML = got[name] || "";
          t.all = t.all.concat(Array.prototype.slice.call(tpl.content.querySelectorAll("tr")));
          sortTable(t);
        });
        apply();
        revealAnchor();
        release();
      };
      loadScript(src, arrived, arrived);
    });
  }
  document.querySelectorAll("button.more").forEach(function (button) {
    button.addEventListener("click", function () {
      var t = TABLES[button.getAttribute("data-table")];
      t.limit = Infinity;
      renderTable(t);
    });
  });
  function csvCell(text) {
    var t = text.replace(/\s+/g, " ").trim();
    if (/^[=+\-@\t\r]/.test(t)) { t = "'" + t; }  // never a formula in a spreadsheet
    return /[",\n]/.test(t) ? "\"" + t.replace(/"/g, "\"\"") + "\"" : t;
  }
  function toCsv(t) {
    var lines = [Array.prototype.map.call(t.el.querySelectorAll("thead th"), function (th) {
      return csvCell(th.textContent);
    }).join(",")];
    matching(t).forEach(function (r) {
      lines.push(Array.prototype.map.call(r.cells, function (td) {
        return csvCell(td.hasAttribute("data-v") && td.classList.contains("num") ? td.getAttribute("data-v") : td.textContent);
      }).join(","));
    });
    return lines.join("\r\n") + "\r\n";
  }
  function downloadCsv(name, text) {  // a file the browser saves, made here: nothing is fetched
    var a = el("a");
    a.href = "data:text/csv;charset=utf-8," + encodeURIComponent(text);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }
  document.querySelectorAll("button.csv").forEach(function (button) {
    button.addEventListener("click", function () {
      var name = button.getAttribute("data-table");
      downloadCsv((PAGE.replace(/[^a-z0-9]+/g, "-") || "kgbuild") + "-" + name + ".csv",
                  "\ufeff" + toCsv(TABLES[name]));
    });
  });
  // Readers' corrections. A ✎ on a claim (report pages), an amount (decision pages) or a promise (section pages)
  // opens a form; the rows collect in this browser and download as kgbuild-corrections.csv, the file `kgbuild
  // build` applies (in the first input folder, or --corrections) and keeps across rebuilds. Nothing leaves the
  // machine: the rows stay in this browser's storage until they are downloaded or cleared.
  var FIX_STORE = "kgbuild-corrections";
  var FIX_COLUMNS = ["decision", "amount", "claim", "promise", "field", "value", "who", "date", "why"];
  // the verdicts and roles the corrections file accepts, as the page was rendered with them
  function listed(name) { return (body.getAttribute(name) || "").split("|").filter(Boolean); }
  var FIX_FIELDS = {
    claim: {verdict: listed("data-fix-verdicts")},
    amount: {role: listed("data-fix-roles"),
             value: "euro, as digits or as written (1,2 miljoen euro)", recipient: "the body that receives it",
             funded_item: "the programme or project it pays for"},
    promise: {acts_on: "a decision id; -id: it does not act on the promise"}
  };
  var fixMemory = null;  // where storage is refused (a private window): the rows live as long as the page
  function fixRows() {
    if (fixMemory) { return fixMemory; }
    try { return JSON.parse(localStorage.getItem(FIX_STORE) || "[]"); } catch (e) { return []; }
  }
  function keepFixRows(rows) {
    try { localStorage.setItem(FIX_STORE, JSON.stringify(rows)); fixMemory = null; } catch (e) { fixMemory = rows; }
    showFixBar();
  }
  function fixCell(text) {  // CSV quoting only: "-id" must reach kgbuild as written
    var t = String(text || "").replace(/\s+/g, " ").trim();
    return /[",]/.test(t) ? "\"" + t.replace(/"/g, "\"\"") + "\"" : t;
  }
  function fixCsv(rows) {
    return [FIX_COLUMNS.join(",")].concat(rows.map(function (r) {
      return FIX_COLUMNS.map(function (c) { return fixCell(r[c]); }).join(",");
    })).join("\r\n") + "\r\n";
  }
  var fixBar = null;
  function showFixBar() {
    var rows = fixRows();
    if (!fixBar) {
      if (!rows.length) { return; }
      fixBar = el("div", "fixbar");
      fixBar.id = "fixbar";
      fixBar.setAttribute("role", "status");
      var count = el("span", "fix-count");
      var get = el("button", "fix-download", "Download kgbuild-corrections.csv");
      var clear = el("button", "fix-clear", "Clear");
      get.type = clear.type = "button";
      get.addEventListener("click", function () { downloadCsv("kgbuild-corrections.csv", fixCsv(fixRows())); });
      clear.addEventListener("click", function () {
        if (window.confirm("Forget the " + fixRows().length + " corrections kept in this browser?")) { keepFixRows([]); }
      });
      fixBar.appendChild(count);
      fixBar.appendChild(get);
      fixBar.appendChild(clear);
      document.body.appendChild(fixBar);
    }
    fixBar.hidden = !rows.length;
    fixBar.querySelector(".fix-count").textContent = "✎ " + rows.length + " correction" +
      (rows.length === 1 ? "" : "s") + " kept in this browser";
  }
  function openFixer(tr) {
    var kind = tr.getAttribute("data-fix");
    var fields = FIX_FIELDS[kind];
    if (!fields) { return; }
    var old = document.getElementById("fixer");
    if (old) { old.remove(); }
    var box = el("form", "fixer");
    box.id = "fixer";
    var what = kind === "amount" ? (tr.getAttribute("data-q") || "") + " in decision " + tr.getAttribute("data-ref")
      : kind === "claim" ? "claim " + tr.getAttribute("data-ref") + " (now " + (tr.getAttribute("data-v") || "not rated") + ")"
      : "promise " + tr.getAttribute("data-ref");
    box.appendChild(el("p", "fix-what", "Correct " + what));
    function labelled(text, input) {
      var l = el("label", null, text + " ");
      l.appendChild(input);
      box.appendChild(l);
      return input;
    }
    var field = labelled("Field", el("select"));
    Object.keys(fields).forEach(function (f) { field.appendChild(el("option", null, f)); });
    var valueBox = el("span");
    box.appendChild(valueBox);
    var value = null;
    function valueInput() {
      valueBox.textContent = "";
      var choices = fields[field.value];
      if (Array.isArray(choices)) {
        value = el("select");
        choices.forEach(function (c) { value.appendChild(el("option", null, c)); });
      } else {
        value = el("input");
        value.placeholder = choices;
      }
      value.className = "fix-value";
      var l = el("label", null, "Value ");
      l.appendChild(value);
      valueBox.appendChild(l);
    }
    field.addEventListener("change", valueInput);
    valueInput();
    var who = labelled("Who", el("input"));
    try { who.value = localStorage.getItem(FIX_STORE + "-who") || ""; } catch (e) { /* none kept */ }
    var why = labelled("Why", el("input"));
    why.className = "fix-why";
    var add = el("button", "fix-add", "Keep this correction");
    var cancel = el("button", "fix-cancel", "Cancel");
    add.type = "submit";
    cancel.type = "button";
    box.appendChild(add);
    box.appendChild(cancel);
    cancel.addEventListener("click", function () { box.remove(); });
    box.addEventListener("submit", function (ev) {
      ev.preventDefault();
      if (!String(value.value).trim()) { value.focus(); return; }
      var row = {field: field.value, value: value.value, who: who.value, why: why.value,
                 date: new Date().toISOString().slice(0, 10)};
      if (kind === "amount") { row.decision = tr.getAttribute("data-ref"); row.amount = tr.getAttribute("data-q"); }
      if (kind === "claim") { row.claim = tr.getAttribute("data-ref"); }
      if (kind === "promise") { row.promise = tr.getAttribute("data-ref"); }
      try { localStorage.setItem(FIX_STORE + "-who", who.value); } catch (e) { /* not kept */ }
      keepFixRows(fixRows().concat([row]));
      box.remove();
    });
    document.body.appendChild(box);
    field.focus();
  }
  document.addEventListener("click", function (ev) {
    var button = ev.target && ev.target.closest ? ev.target.closest("button.fix") : null;
    var tr = button ? button.closest("tr[data-fix]") : null;
    if (tr) { openFixer(tr); }
  });
  showFixBar();
  // a link to a row not yet in the body (a claim of a long report): show the whole table, then go there
  function revealAnchor() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id || id.indexOf("=") >= 0 || document.getElementById(id)) { return; }
    Object.keys(TABLES).forEach(function (name) {
      var t = TABLES[name];
      if (t.all.some(function (r) { return r.id === id; })) {
        t.limit = Infinity;
        renderTable(t);
        document.getElementById(id).scrollIntoView();
      }
    });
  }

  // ------------------------------------------------------------------------------------------ filters
  var form = document.getElementById("filters");
  // every month from the first to the last a page's rows span ("2021-05|2023-12")
  function monthsBetween(span) {
    var ends = (span || "").split("|"), out = [];
    if (!/^\d{4}-\d{2}$/.test(ends[0] || "") || !/^\d{4}-\d{2}$/.test(ends[1] || "")) { return out; }
    var y = +ends[0].slice(0, 4), m = +ends[0].slice(5), last = ends[1];
    for (var k = 0; k < 1200; k++) {
      var month = y + "-" + (m < 10 ? "0" : "") + m;
      if (month > last) { break; }
      out.push(month);
      if (m === 12) { y += 1; m = 1; } else { m += 1; }
    }
    return out;
  }
  var MONTHS = form ? monthsBetween(form.getAttribute("data-months")) : [];
  function control(id) { return document.getElementById(id); }
  var state = {from: "", to: "", minister: "", domain: "", verdict: "", amin: "", amax: "", hide: []};
  function readForm() {
    var f = control("f-from"), t = control("f-to");
    var lo = f ? Math.min(+f.value, +t.value) : 0, hi = f ? Math.max(+f.value, +t.value) : 0;
    state.from = f && lo > 0 ? MONTHS[lo] : "";
    state.to = t && hi < MONTHS.length - 1 ? MONTHS[hi] : "";
    ["minister", "domain", "verdict", "amin", "amax"].forEach(function (k) {
      var c = control("f-" + k);
      state[k] = c ? c.value.trim() : "";
    });
    state.hide = Array.prototype.filter.call(document.querySelectorAll("#filters input[data-type]"),
      function (b) { return !b.checked; }).map(function (b) { return b.getAttribute("data-type"); });
  }
  function writeForm() {
    var f = control("f-from"), t = control("f-to");
    if (f) {
      var lo = MONTHS.indexOf(state.from), hi = MONTHS.indexOf(state.to);
      f.value = lo >= 0 ? lo : 0;
      t.value = hi >= 0 ? hi : MONTHS.length - 1;
    }
    ["minister", "domain", "verdict", "amin", "amax"].forEach(function (k) {
      var c = control("f-" + k);
      if (!c) { return; }
      if (c.tagName === "SELECT" && state[k] &&
          !Array.prototype.some.call(c.options, function (o) { return o.value === state[k]; })) {
        state[k] = "";  // a shared link made on another page: a choice this page does not offer
      }
      c.value = state[k];
    });
    document.querySelectorAll("#filters input[data-type]").forEach(function (b) {
      b.checked = state.hide.indexOf(b.getAttribute("data-type")) < 0;
    });
  }
  function fromHash() {
    var p = new URLSearchParams(location.hash.slice(1));
    state.from = p.get("from") || ""; state.to = p.get("to") || "";
    ["minister", "domain", "verdict", "amin", "amax"].forEach(function (k) { state[k] = p.get(k) || ""; });
    state.hide = (p.get("hide") || "").split(",").filter(Boolean);
  }
  function toHash() {
    var p = new URLSearchParams();
    ["from", "to", "minister", "domain", "verdict", "amin", "amax"].forEach(function (k) {
      if (state[k]) { p.set(k, state[k]); }
    });
    if (state.hide.length) { p.set("hide", state.hide.join(",")); }
    var text = p.toString();
    if (text !== location.hash.slice(1) && (text || location.hash.indexOf("=") >= 0)) {
      history.replaceState(null, "", text ? "#" + text : location.pathname + location.search);
    }
  }
  function active() {
    return !!(state.from || state.to || state.minister || state.domain || state.verdict || state.amin || state.amax);
  }
  // Does an item (dataset of a row, or a graph node) pass? ``dims`` says which filters apply to its kind.
  function passes(d, m, o, v, a, dims) {
    if (dims.date && (state.from || state.to)) {
      var month = (d || "").slice(0, 7);
      if (!month || (state.from && month < state.from) || (state.to && month > state.to)) { return false; }
    }
    if (dims.minister && state.minister && (m || []).indexOf(state.minister) < 0) { return false; }
    if (dims.domain && state.domain && (o || []).indexOf(state.domain) < 0) { return false; }
    if (dims.verdict && state.verdict && v !== state.verdict) { return false; }
    if (dims.amount && (state.amin || state.amax)) {
      if (a === undefined || a === null || isNaN(a)) { return false; }
      if (state.amin && a < parseFloat(state.amin)) { return false; }
      if (state.amax && a > parseFloat(state.amax)) { return false; }
    }
    return true;
  }
  var MONEY_DIMS = {date: true, minister: true, domain: true, amount: true};
  var CLAIM_DIMS = {date: true, minister: true, domain: true, verdict: true};
  var TABLE_DIMS = {decisions: MONEY_DIMS, uncited: MONEY_DIMS, grants: MONEY_DIMS, claims: CLAIM_DIMS};
  var NODE_DIMS = {decision: MONEY_DIMS, grant: MONEY_DIMS, claim: CLAIM_DIMS, report: {domain: true}};
  function split(text) { return text ? text.split("|") : []; }
  function filterRows() {
    Object.keys(TABLES).forEach(function (name) {
      var t = TABLES[name], dims = TABLE_DIMS[name];
      if (dims) {
        t.all.forEach(function (r) {
          var ds = r.dataset;
          r._pass = passes(ds.date, split(ds.m), split(ds.o), ds.v, ds.a === undefined ? undefined : parseFloat(ds.a), dims);
        });
      }
      renderTable(t);
    });
  }
  var status = document.getElementById("f-status");
  function apply() {
    var t0 = performance.now();
    filterRows();
    drawCharts();
    drawTimeline();
    filterGraph();
    var ms = performance.now() - t0;
    window.kgsite.lastFilterMs = ms;
    if (status) {
      var month = control("f-from");
      if (month) {
        control("f-from-out").textContent = MONTHS[+control("f-from").value] || "";
        control("f-to-out").textContent = MONTHS[+control("f-to").value] || "";
      }
      status.textContent = active() || state.hide.length ? "Filtered." : "";
    }
  }
  if (form) {
    form.addEventListener("input", function () { readForm(); toHash(); apply(); });
    form.addEventListener("change", function () { readForm(); toHash(); apply(); });
    form.addEventListener("reset", function () {
      setTimeout(function () { readForm(); toHash(); apply(); }, 0);
    });
    form.addEventListener("submit", function (ev) { ev.preventDefault(); });
    window.addEventListener("hashchange", function () {
      if (location.hash.indexOf("=") < 0) { return; }  // an anchor in the page, not a filter
      fromHash(); writeForm(); apply();
    });
  }

  // ------------------------------------------------------------------------------------------ charts
  var chartBox = document.getElementById("chart-box");
  var TOP = 12;
  function grantRows() {
    if (!TABLES.grants) { return []; }
    return matching(TABLES.grants).filter(function (r) { return r.dataset.counts === "1"; }).map(function (r) {
      return {a: parseFloat(r.dataset.a), low: r.dataset.low === "1", r: r.dataset.r || "(no recipient named)",
              p: r.dataset.p || "(no programme named)", y: (r.dataset.date || "").slice(0, 4) || "no date",
              m: split(r.dataset.m).join(" & ") || "(no minister named)"};
    });
  }
  function sum(rows, key) {
    var out = {};
    rows.forEach(function (r) { out[r[key]] = (out[r[key]] || 0) + r.a; });
    return Object.keys(out).map(function (k) { return [k, out[k]]; });
  }
  function top(pairs, byKey) {
    pairs.sort(byKey ? function (a, b) { return a[0] < b[0] ? -1 : 1; }
                     : function (a, b) { return b[1] - a[1] || (a[0] < b[0] ? -1 : 1); });
    if (pairs.length <= TOP || byKey) { return pairs; }
    var rest = pairs.slice(TOP - 1).reduce(function (s, p) { return s + p[1]; }, 0);
    return pairs.slice(0, TOP - 1).concat([[(pairs.length - TOP + 1) + " more", rest]]);
  }
  function valueTable(caption, pairs, head, fmt) {
    var t = el("table", "values");
    t.appendChild(el("caption", null, caption));
    var tr = el("tr");
    tr.appendChild(el("th", null, head)); tr.appendChild(el("th", null, fmt ? "Decisions" : "Committed"));
    tr.firstChild.scope = "col"; tr.lastChild.scope = "col";
    var thead = el("thead"); thead.appendChild(tr); t.appendChild(thead);
    var tb = el("tbody");
    pairs.forEach(function (p) {
      var r = el("tr"); r.appendChild(el("td", null, p[0])); r.appendChild(el("td", "num", (fmt || euro)(p[1])));
      if (p.length > 2) { r.firstChild.textContent = p[0] + " \u2192 " + p[2]; }
      tb.appendChild(r);
    });
    t.appendChild(tb);
    return t;
  }
  function bars(title, pairs, head, fmt) {
    fmt = fmt || euro;
    var fig = el("figure", "chart");
    fig.appendChild(el("figcaption", null, title));
    var w = 400, row = 18, left = 176, h = Math.max(row * pairs.length + 6, 24);
    var s = svg("svg", {width: w, height: h, viewBox: "0 0 " + w + " " + h, "aria-hidden": "true", focusable: "false"});
    var max = pairs.reduce(function (m, p) { return Math.max(m, p[1]); }, 0) || 1;
    pairs.forEach(function (p, i) {
      var y = 3 + i * row;
      var label = p[0].length > 26 ? p[0].slice(0, 25) + "\u2026" : p[0];
      s.appendChild(svg("text", {x: left - 4, y: y + 12, "text-anchor": "end"}, label));
      var bw = Math.max(1, (w - left - 70) * p[1] / max);
      s.appendChild(svg("rect", {x: left, y: y + 2, width: bw.toFixed(1), height: row - 5, fill: "#8d6e00"}));
      s.appendChild(svg("text", {x: left + bw + 4, y: y + 12}, fmt(p[1])));
    });
    var wrap = el("div", "chart-row");
    wrap.appendChild(s);
    wrap.appendChild(valueTable(title, pairs, head, fmt === euro ? null : fmt));
    fig.appendChild(wrap);
    return fig;
  }
  var timeline = document.getElementById("timeline");
  function drawTimeline() {
    if (!timeline || !TABLES.decisions) { return; }
    var per = {};
    matching(TABLES.decisions).forEach(function (r) {
      var y = (r.dataset.date || "").slice(0, 4) || "no date";
      per[y] = (per[y] || 0) + 1;
    });
    var pairs = Object.keys(per).sort().map(function (y) { return [y, per[y]]; });
    timeline.replaceChildren(pairs.length ? bars("Decisions per year", pairs, "Year", String)
                                          : el("p", "hint", "No decision in what is shown."));
  }
  var sankeyFrom = "p";
  function sankey(rows) {
    var fig = el("figure", "chart sankey");
    var cap = el("figcaption", null, "Money flow to recipients from ");
    var pick = el("select");
    pick.setAttribute("aria-label", "flow from");
    [["p", "programme"], ["m", "minister"]].forEach(function (o) {
      var opt = el("option", null, o[1]); opt.value = o[0]; pick.appendChild(opt);
    });
    pick.value = sankeyFrom;
    pick.addEventListener("change", function () { sankeyFrom = pick.value; drawCharts(); });
    cap.appendChild(pick);
    fig.appendChild(cap);
    if (sankeyFrom === "m") {  // an amount two ministers proposed flows from each of them, half from each
      rows = [].concat.apply([], rows.map(function (r) {
        var names = String(r.m).split(" & ");
        return names.map(function (n) {
          var copy = {}; Object.keys(r).forEach(function (k) { copy[k] = r[k]; });
          copy.m = n; copy.a = r.a / names.length; return copy;
        });
      }));
    }
    var left = top(sum(rows, sankeyFrom)), right = top(sum(rows, "r"));
    function name(list, k) {
      for (var i = 0; i < list.length; i++) { if (list[i][0] === k) { return k; } }
      return list[list.length - 1][0];
    }
    var flows = {};
    rows.forEach(function (r) {
      var k = name(left, r[sankeyFrom]) + "\u0000" + name(right, r.r);
      flows[k] = (flows[k] || 0) + r.a;
    });
    var total = rows.reduce(function (s, r) { return s + r.a; }, 0) || 1;
    var LINE = 13;  // a label's height: labels never come closer than this
    var w = 760, h = Math.max(360, LINE * Math.max(left.length, right.length) + 12), gap = 6, nodeW = 12;
    var colL = 190, colR = w - 190 - nodeW;
    var s = svg("svg", {width: w, height: h, viewBox: "0 0 " + w + " " + h, "aria-hidden": "true", focusable: "false"});
    function stack(list, x, anchor, tx) {
      var usable = h - gap * (list.length + 1), y = gap, at = {}, labels = [];
      list.forEach(function (p) {
        var hh = Math.max(2, usable * p[1] / total);
        at[p[0]] = {y: y, h: hh, used: 0};
        var rect = svg("rect", {x: x, y: y.toFixed(1), width: nodeW, height: hh.toFixed(1), fill: "#546e7a"});
        rect.appendChild(svg("title", {}, p[0] + ": " + euro(p[1])));  // the value on hover
        s.appendChild(rect);
        labels.push([y + hh / 2 + 4, p]);
        y += hh + gap;
      });
      // labels at their node's middle, pushed apart where small nodes crowd, and back up from the bottom
      for (var i = 1; i < labels.length; i++) { labels[i][0] = Math.max(labels[i][0], labels[i - 1][0] + LINE); }
      for (var j = labels.length - 1; j >= 0; j--) {
        labels[j][0] = Math.min(labels[j][0], j === labels.length - 1 ? h - 3 : labels[j + 1][0] - LINE);
      }
      labels.forEach(function (l) {
        var name = l[1][0], label = name.length > 28 ? name.slice(0, 27) + "\u2026" : name;
        var text = svg("text", {x: tx, y: l[0].toFixed(1), "text-anchor": anchor}, label);
        text.appendChild(svg("title", {}, name + ": " + euro(l[1][1])));
        s.appendChild(text);
      });
      return at;
    }
    var L = stack(left, colL, "end", colL - 4), R = stack(right, colR, "start", colR + nodeW + 4);
    var list = Object.keys(flows).sort().map(function (k) { var p = k.split("\u0000"); return [p[0], flows[k], p[1]]; });
    list.sort(function (a, b) { return b[1] - a[1]; });
    list.forEach(function (f) {
      var a = L[f[0]], b = R[f[2]];
      var usable = h - gap * (left.length + 1), usableR = h - gap * (right.length + 1);
      var hl = usable * f[1] / total, hr = usableR * f[1] / total;
      var y0 = a.y + a.used + hl / 2, y1 = b.y + b.used + hr / 2;
      a.used += hl; b.used += hr;
      var x0 = colL + nodeW, x1 = colR, mx = (x0 + x1) / 2;
      var path = svg("path", {d: "M" + x0 + "," + y0.toFixed(1) + " C" + mx + "," + y0.toFixed(1) + " " + mx + "," +
        y1.toFixed(1) + " " + x1 + "," + y1.toFixed(1), fill: "none", stroke: "#d4af37", "stroke-opacity": 0.55,
        "stroke-width": Math.max(1, (hl + hr) / 2).toFixed(1)});
      path.appendChild(svg("title", {}, f[0] + " \u2192 " + f[2] + ": " + euro(f[1])));
      s.appendChild(path);
    });
    if (sankeyFrom === "m") {
      fig.appendChild(el("p", "hint", "An amount several ministers proposed flows from each of them, in equal shares."));
    }
    var wrap = el("div", "chart-row");
    wrap.appendChild(s);
    wrap.appendChild(valueTable("Flows", list.map(function (f) { return [f[0], f[1], f[2]]; }), "From \u2192 to"));
    fig.appendChild(wrap);
    return fig;
  }
  function drawCharts() {
    if (!chartBox) { return; }
    var rows = grantRows();
    chartBox.replaceChildren();
    if (!rows.length) { chartBox.appendChild(el("p", "hint", "No committed money in what is shown.")); return; }
    var total = rows.reduce(function (s, r) { return s + r.a; }, 0);
    var low = rows.reduce(function (s, r) { return s + (r.low ? r.a : 0); }, 0);
    chartBox.appendChild(el("p", "total", "Committed in what is shown: " + euro(total) + " in " + rows.length +
                                          " amount" + (rows.length === 1 ? "" : "s") +
                                          (low ? ", of which " + euro(low) + " with low confidence (its role rests " +
                                                 "on a default: check it)" : "") + "."));
    chartBox.appendChild(bars("Per programme", top(sum(rows, "p")), "Programme"));
    chartBox.appendChild(bars("Per recipient", top(sum(rows, "r")), "Recipient"));
    chartBox.appendChild(bars("Per year", top(sum(rows, "y"), true), "Year"));
    chartBox.appendChild(bars("Per minister", top(sum(rows, "m")), "Ministers"));
    chartBox.appendChild(sankey(rows));
  }

  // ------------------------------------------------------------------------------------------ graph
  var box = document.getElementById("graph");
  var DATA = (window.KGDATA || {})[PAGE];
  var tips = true;
  // A page's graph data names its nodes by number; what each node is lives once in the site, NODE_BLOCK nodes
  // a file (data/n-<number / NODE_BLOCK>.js). The data is made whole, in place, once those files are read.
  var NODE_BLOCK = parseInt(body.getAttribute("data-node-block"), 10) || 32;
  function withNodes(payload, done) {
    if (payload.nodes) { done(); return; }
    var kinds = COLOURS.kinds || [];
    payload.edges.forEach(function (e) { if (typeof e[2] === "number") { e[2] = kinds[e[2]] || "link"; } });
    var table = window.KGNODES || (window.KGNODES = {}), wanted = {};
    payload.ids.forEach(function (i) { if (!table[i]) { wanted[Math.floor(i / NODE_BLOCK)] = true; } });
    var blocks = Object.keys(wanted), left = blocks.length;
    function whole() {
      var known = window.KGNODES || {};
      payload.nodes = payload.ids.map(function (i) {
        var n = {}, src = known[i] || {i: i, t: "decision", n: String(i), s: 10};
        Object.keys(src).forEach(function (k) { n[k] = src[k]; });
        if (i === payload.f) { n.f = 1; }
        return n;
      });
      done();
    }
    function one() { left -= 1; if (!left) { whole(); } }
    if (!left) { whole(); return; }
    blocks.forEach(function (b) { loadScript(ROOT + "data/n-" + b + ".js", one, one); });
  }
  var network = null, nodes = null, edges = null, byId = {}, links = [], card = document.getElementById("card");
  // the graph view draws its most linked nodes first (GRAPH_BUDGET), and more on demand: a readable start
  var GRAPH_BUDGET = 400, budget = PAGE === "graph" ? GRAPH_BUDGET : Infinity, moreButton = null;
  var COLOURS = window.KGCOLOURS || (DATA && DATA.colours) || {types: {}, ratings: {}, edges: {}};
  // what the data leaves out because the page can make it: the short label (viz.data.short_label, 28 characters)
  // and the link of a node with a page of its own
  function shortLabel(t) { return t.length <= 28 ? t : t.slice(0, 27).replace(/\s+$/, "") + "\u2026"; }
  function hrefOf(n) { return n.h || (n.p ? n.p + ".html" : ""); }
  function colour(n) {
    var c = COLOURS;
    return n.t === "claim" ? (c.ratings[n.r] || c.types.claim[2]) : (c.types[n.t] || ["", "dot", "#999"])[2];
  }
  function visNode(n) {
    var c = colour(n), t = COLOURS.types[n.t] || ["", "dot", "#999"];
    var v = {id: n.i, label: n.l || shortLabel(n.n), shape: t[1], size: n.s,
             color: {background: c, border: c, highlight: {background: c, border: "#000"}}};
    if (tips) {  // a large view has no hover: its tooltips would only cost time to build
      var tip = el("div", "tip");
      tip.appendChild(el("strong", null, n.n));
      tip.appendChild(el("div", null, (TYPE_NAMES[n.t] || n.t) + (n.r ? " \u00b7 " + n.r : "") + (n.d ? " \u00b7 " + n.d : "")));
      v.title = tip;
    }
    if (n.f) {
      v.borderWidth = 5; v.size = Math.max(n.s, 24);
      v.color = {background: c, border: "#111", highlight: {background: c, border: "#111"}};
      v.font = {size: 20, face: "system-ui, sans-serif", bold: {mod: "bold"}, color: "#111"};
      v.label = n.n.length > 60 ? n.n.slice(0, 59) + "\u2026" : n.n;
    }
    if (n.x !== undefined) { v.x = n.x; v.y = n.y; }
    return v;
  }
  var edgeColours = {};
  function visEdge(e) {
    var colour = edgeColours[e[2]] || (edgeColours[e[2]] = {color: COLOURS.edges[e[2]] || "#999",
                                                             highlight: "#37474f"});
    return {id: e[0] + ">" + e[1] + ">" + e[2], from: e[0], to: e[1], title: e[2], color: colour};
  }
  function showCard(id) {
    var n = byId[id];
    if (!n || !card) { return; }
    var c = el("div");
    c.appendChild(el("h3", null, n.n));
    var facts = [TYPE_NAMES[n.t] || n.t];
    if (n.r) { facts.push(n.r); }
    if (n.d) { facts.push(n.d); }
    if (n.a !== undefined) { facts.push(euro(n.a)); }
    if (n.m) { facts.push(n.m.join(", ")); }
    c.appendChild(el("p", "type", facts.join(" \u00b7 ")));
    var href = hrefOf(n) ? local(hrefOf(n)) : null;
    if (href && n.p !== PAGE) { var a = el("a", "open", n.p ? "Open its page" : "Open where it is stated"); a.href = href; c.appendChild(a); }
    if (n.p && n.p !== PAGE) {
      var b = el("button", "expand", "Show its neighbours");
      b.type = "button";
      b.addEventListener("click", function () { expand(n); });
      c.appendChild(b);
    }
    card.replaceChildren(c);
  }
  function merge(payload, around) {
    var centre = network.getPositions([around.i])[around.i] || {x: 0, y: 0};
    var fresh = payload.nodes.filter(function (n) { return !byId[n.i]; });
    fresh.forEach(function (n, k) {
      var m = {};
      Object.keys(n).forEach(function (key) { if (key !== "f" && key !== "x" && key !== "y") { m[key] = n[key]; } });
      var angle = 2 * Math.PI * k / Math.max(fresh.length, 1), r = 120 + 6 * Math.sqrt(fresh.length);
      m.x = centre.x + r * Math.cos(angle); m.y = centre.y + r * Math.sin(angle);
      m.hidden = false;
      byId[m.i] = m;
      nodes.add(visNode(m));
    });
    var freshEdges = payload.edges.filter(function (e) { return byId[e[0]] && byId[e[1]] && !edges.get(visEdge(e).id); });
    freshEdges.forEach(function (e) { links.push(e); });
    edges.add(freshEdges.map(visEdge));
    filterGraph();
    return fresh.length;
  }
  function expand(n) {
    var known = (window.KGDATA || {})[n.p];
    var done = function () {
      var got = (window.KGDATA || {})[n.p];
      var shown = function (added) {
        if (card) { card.appendChild(el("p", "hint", added + " more node" + (added === 1 ? "" : "s") + " shown.")); }
      };
      if (!got) { shown(0); return; }
      withNodes(got, function () { shown(merge(got, n)); });
    };
    if (known) { done(); return; }
    var href = local(n.z || "");
    if (!href) { return; }
    loadScript(href, done, function () {
      if (card) { card.appendChild(el("p", "hint", "Could not read its data file.")); }
    });
  }
  function filterGraph() {
    if (!nodes) { return; }
    var hide = {};
    state.hide.forEach(function (t) { hide[t] = true; });
    var on = active(), visible = {}, updates = [];
    Object.keys(byId).forEach(function (id) {
      var n = byId[id], dims = NODE_DIMS[n.t];
      visible[id] = !hide[n.t] && (!dims || passes(n.d, n.m, n.o, n.v, n.a, dims));
    });
    if (on) {  // a name with no attribute of its own stays while anything it is linked to is shown
      var linked = {};
      for (var k = 0; k < links.length; k++) {
        var from = links[k][0], to = links[k][1];
        if (visible[from] && NODE_DIMS[byId[from].t]) { linked[to] = true; }
        if (visible[to] && NODE_DIMS[byId[to].t]) { linked[from] = true; }
      }
      Object.keys(byId).forEach(function (id) {
        if (!NODE_DIMS[byId[id].t] && !byId[id].f) { visible[id] = visible[id] && !!linked[id]; }
      });
    }
    if (budget < Infinity) {  // the graph view opens readable: its most linked nodes that pass, more on demand
      var passing = Object.keys(visible).filter(function (id) { return visible[id]; });
      passing.sort(function (a, b) { return (byId[b].s || 0) - (byId[a].s || 0) || a - b; });
      passing.slice(budget).forEach(function (id) { visible[id] = false; });
      if (moreButton) { moreButton.hidden = passing.length <= budget; }
    }
    if (on || state.hide.length || budget < Infinity) {  // a node whose every link is hidden goes too: no orphans
      var degree = {};
      for (var j = 0; j < links.length; j++) {
        if (visible[links[j][0]] && visible[links[j][1]] && links[j][0] !== links[j][1]) {
          degree[links[j][0]] = (degree[links[j][0]] || 0) + 1;
          degree[links[j][1]] = (degree[links[j][1]] || 0) + 1;
        }
      }
      Object.keys(byId).forEach(function (id) { if (!degree[id] && !byId[id].f) { visible[id] = false; } });
    }
    Object.keys(byId).forEach(function (id) {
      var hidden = !visible[id];
      if (byId[id].hidden !== hidden) { byId[id].hidden = hidden; updates.push({id: +id, hidden: hidden}); }
    });
    if (updates.length) { nodes.update(updates); }
    var shown = Object.keys(visible).filter(function (id) { return visible[id]; }).length;
    var note = document.getElementById("graph-count");
    if (note) { note.textContent = shown + " of " + Object.keys(byId).length + " nodes shown"; }
  }
  function ready() { T.ready = performance.now(); body.setAttribute("data-state", "ready"); }
  window.kgsite = {timings: T, matching: function (name) { return TABLES[name] ? matching(TABLES[name]).length : 0; },
                   rows: function (name) { return TABLES[name] ? TABLES[name].all.length : 0; },
                   state: state, apply: apply, search: search, lastFilterMs: null, network: null, showCard: showCard,
                   drawn: function () { return network ? network.body.nodeIndices.length : 0; }};
  function drawGraph() {
    tips = DATA.nodes.length <= 300;
    DATA.nodes.forEach(function (n) { n.hidden = false; byId[n.i] = n; });
    nodes = new vis.DataSet(DATA.nodes.map(visNode));
    links = DATA.edges.slice();
    edges = new vis.DataSet(DATA.edges.map(visEdge));
    var placed = DATA.nodes.length && DATA.nodes[0].x !== undefined;
    var big = DATA.nodes.length > 300;
    network = new vis.Network(box, {nodes: nodes, edges: edges}, {
      layout: {randomSeed: 7, improvedLayout: false},
      physics: placed ? {enabled: false} : {enabled: true, solver: "forceAtlas2Based",
        forceAtlas2Based: {gravitationalConstant: -45, springLength: 80, avoidOverlap: 0.3},
        stabilization: {enabled: true, iterations: 250, updateInterval: 50, fit: true}},
      interaction: {hover: !big, tooltipDelay: 150, keyboard: {enabled: true, bindToWindow: false},
                    navigationButtons: false, hideEdgesOnDrag: big, hideEdgesOnZoom: big},
      nodes: {font: {size: 12, face: "system-ui, sans-serif"}, borderWidth: 1},
      edges: {arrows: {to: {enabled: true, scaleFactor: 0.4}}, width: 1, smooth: false}
    });
    window.kgsite.network = network;
    T.network = performance.now();
    var count = el("p", "hint graph-count");
    count.id = "graph-count";
    box.parentNode.parentNode.insertBefore(count, box.parentNode.nextSibling);
    // a legend of what the colours and shapes stand for, the types this graph holds only
    var legend = el("ul", "legend"), present = {};
    legend.setAttribute("aria-label", "Legend");
    DATA.nodes.forEach(function (n) { present[n.t] = true; });
    Object.keys(COLOURS.types).forEach(function (t) {
      if (!present[t]) { return; }
      var item = el("li"), swatch = el("span", "swatch s-" + COLOURS.types[t][1]);
      swatch.style.background = COLOURS.types[t][2];
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(COLOURS.types[t][0]));
      legend.appendChild(item);
    });
    if (present.claim) {
      Object.keys(COLOURS.ratings).forEach(function (r) {
        var item = el("li"), swatch = el("span", "swatch s-dot");
        swatch.style.background = COLOURS.ratings[r];
        item.appendChild(swatch);
        item.appendChild(document.createTextNode("claim: " + r));
        legend.appendChild(item);
      });
    }
    count.parentNode.insertBefore(legend, count.nextSibling);
    if (budget < Infinity) {
      moreButton = el("button", "more-nodes", "Show " + GRAPH_BUDGET + " more nodes");
      moreButton.type = "button";
      moreButton.addEventListener("click", function () { budget += GRAPH_BUDGET; filterGraph(); });
      var all = el("button", "more-nodes", "Show every node");
      all.type = "button";
      all.addEventListener("click", function () { budget = Infinity; moreButton.hidden = true; all.hidden = true;
                                                  filterGraph(); });
      count.appendChild(document.createTextNode(" "));
      count.parentNode.insertBefore(moreButton, count.nextSibling);
      moreButton.parentNode.insertBefore(all, moreButton.nextSibling);
      filterGraph();
    }
    // the wheel zooms the graph and does not also scroll the page
    box.addEventListener("wheel", function (ev) { ev.preventDefault(); }, {passive: false});
    network.on("click", function (p) { if (p.nodes.length) { showCard(p.nodes[0]); } });
    network.on("doubleClick", function (p) {
      var n = p.nodes.length ? byId[p.nodes[0]] : null;
      var href = n && hrefOf(n) ? local(hrefOf(n)) : null;
      if (href) { location.href = href; }
    });
    var focus = DATA.nodes.filter(function (n) { return n.f; })[0];
    if (focus) { showCard(focus.i); network.selectNodes([focus.i]); }
    filterGraph();  // the filters read from the address before the nodes arrived
    if (placed) {
      network.once("afterDrawing", release);
    } else {
      network.once("stabilizationIterationsDone", function () {
        network.setOptions({physics: {enabled: false}});
        release();
      });
    }
  }
  if (form) { fromHash(); writeForm(); }
  apply();
  revealAnchor();
  window.addEventListener("hashchange", revealAnchor);
  hold();  // the page is ready when its rows have arrived and its graph is drawn
  loadRows();
  if (box && DATA && window.vis) { hold(); withNodes(DATA, drawGraph); }
  release();
})();
