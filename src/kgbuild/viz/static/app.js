// The page's script. It builds every piece of text with textContent and every link only for http(s) URLs,
// so nothing from the graph is ever parsed as HTML.

(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  var TYPES = DATA.types;
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function safeUrl(url) { return /^https?:\/\//i.test(url) ? url : null; }
  function card(n, withLinks, cls) {
    var box = el("div", cls);
    box.appendChild(el("div", "title", n.name));
    var type = TYPES[n.t].label + (n.r ? " \u00b7 " + n.r : "");
    box.appendChild(el("div", "type", type));
    if (n.d && n.d.length) {
      var dl = el("dl");
      n.d.forEach(function (kv) { dl.appendChild(el("dt", null, kv[0])); dl.appendChild(el("dd", null, kv[1])); });
      box.appendChild(dl);
    }
    if (n.q) { box.appendChild(el("blockquote", null, n.q)); }
    (n.l || []).forEach(function (link) {
      var url = safeUrl(link[1]);
      if (!url) { return; }
      if (withLinks) {
        var a = el("a", null, link[0]);
        a.href = url; a.rel = "noopener noreferrer"; a.target = "_blank";
        var p = el("p"); p.appendChild(a); box.appendChild(p);
      } else {
        box.appendChild(el("div", "type", link[0] + " (click the node for the link)"));
      }
    });
    return box;
  }
  function edgeTip(e) {
    var box = el("div", "kg-tip");
    box.appendChild(el("div", "title", e.k + (e.a ? " " + e.a : "")));
    if (e.q) { box.appendChild(el("blockquote", null, e.q)); }
    return box;
  }
  var big = DATA.nodes.length > DATA.physicsLimit;
  var byId = {};
  var visNodes = DATA.nodes.map(function (n) {
    byId[n.id] = n;
    var t = TYPES[n.t];
    var colour = n.t === "claim" ? (DATA.ratings[n.r] || t.colour) : t.colour;
    var node = {id: n.id, label: n.label, shape: t.shape, size: n.size, title: card(n, false, "kg-tip"),
                color: {background: colour, border: colour, highlight: {background: colour, border: "#000"},
                        hover: {background: colour, border: "#000"}}};
    if (n.t === "report") { node.font = {color: "#fff"}; }
    if (n.x !== undefined) { node.x = n.x; node.y = n.y; }
    return node;
  });
  var visEdges = DATA.edges.map(function (e, i) {
    return {id: i, from: e.from, to: e.to, label: e.k, title: edgeTip(e),
            color: {color: DATA.edgeKinds[e.k] || "#999", highlight: "#37474f", hover: "#37474f"}};
  });
  var nodes = new vis.DataSet(visNodes);
  var edges = new vis.DataSet(visEdges);
  var options = {
    layout: {randomSeed: 7, improvedLayout: DATA.nodes.length <= 150},
    physics: {enabled: true, solver: "forceAtlas2Based",
              forceAtlas2Based: {gravitationalConstant: -40, springLength: 90, avoidOverlap: 0.2},
              stabilization: {enabled: true, iterations: DATA.iterations, updateInterval: 10,
                              fit: true}},
    interaction: {hover: true, tooltipDelay: 120, hideEdgesOnDrag: big, hideEdgesOnZoom: big},
    nodes: {font: {size: 12, face: "system-ui, sans-serif"}, borderWidth: 1},
    edges: {arrows: {to: {enabled: true, scaleFactor: 0.4}}, width: 1,
            font: {size: 9, color: "#455a64", strokeWidth: 2, align: "middle"},
            smooth: big ? false : {type: "continuous"}, scaling: {label: {drawThreshold: 8}}}
  };
  var container = document.getElementById("graph");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, options);
  var progress = document.getElementById("progress");
  var state = {ready: false, stabilisedAt: null, started: performance.now()};
  network.on("stabilizationProgress", function (p) {
    progress.textContent = "Laying out " + p.iterations + " / " + p.total + " …";
  });
  function finish() {
    if (state.ready) { return; }
    if (big) { network.setOptions({physics: {enabled: false}}); }
    state.ready = true;
    state.stabilisedAt = performance.now();
    progress.textContent = DATA.nodes.length + " nodes, " + DATA.edges.length + " edges" +
      (big ? " (layout fixed: physics stops above " + DATA.physicsLimit + " nodes; drag nodes freely)" : "");
    document.body.setAttribute("data-state", "ready");
  }
  network.once("stabilizationIterationsDone", finish);
  if (!DATA.nodes.length) { finish(); }

  var details = document.getElementById("details");
  function showDetails(id) {
    var n = byId[id];
    if (n === undefined) { return; }
    details.replaceChildren(card(n, true, "kg-card"));
  }
  network.on("click", function (p) { if (p.nodes.length) { showDetails(p.nodes[0]); } });

  document.querySelectorAll("#legend input[data-type]").forEach(function (box) {
    box.addEventListener("change", function () {
      var t = box.getAttribute("data-type");
      nodes.update(DATA.nodes.filter(function (n) { return n.t === t; })
        .map(function (n) { return {id: n.id, hidden: !box.checked}; }));
    });
  });

  var search = document.getElementById("search");
  var count = document.getElementById("search-count");
  var matches = [], at = -1, last = null;
  function find() {
    var q = search.value.trim().toLowerCase();
    if (q !== last) {
      last = q; at = -1;
      matches = q ? DATA.nodes.filter(function (n) {
        return !nodes.get(n.id).hidden && (n.name.toLowerCase().indexOf(q) >= 0 ||
          (n.s && n.s.toLowerCase().indexOf(q) >= 0) || n.iri.toLowerCase() === q);
      }).map(function (n) { return n.id; }) : [];
    }
    if (!matches.length) { count.textContent = q ? "no match" : ""; network.unselectAll(); return; }
    at = (at + 1) % matches.length;
    var id = matches[at];
    network.selectNodes([id]);
    network.focus(id, {scale: Math.max(network.getScale(), 1.0), animation: false});
    showDetails(id);
    count.textContent = (at + 1) + " of " + matches.length + (matches.length === 1 ? " match" : " matches") +
      (matches.length > 1 ? " (Enter for the next)" : "");
  }
  search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { ev.preventDefault(); find(); } });
  document.getElementById("search-next").addEventListener("click", find);

  window.kgviz = {
    network: network, nodes: nodes, edges: edges, state: state, showDetails: showDetails, data: DATA,
    drawn: function () { return network.body.nodeIndices.length; }
  };
})();
