/* kg graph page: a small canvas renderer for a laid-out graph (positions come from Python).
 *
 * Reads the JSON in <script id="kg-data">: {nodes: [{id, label, kind, colour, x, y, r, ...}],
 * edges: [{s, t, predicate, weight, sentence, document, ...}]}, where s and t index nodes.
 * Drag the background to pan, a node to move it; scroll to zoom; click a node or an edge to
 * see its facts and their sentences in the side panel; type a name to find it.
 * URL hash: #find=NAME selects a name on load; #picture hides the controls (for screenshots).
 * Everything shown from the data goes through textContent, never innerHTML.
 */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var nodes = data.nodes, edges = data.edges;
  window.kgStats = { nodes: nodes.length, edges: edges.length };
  document.body.setAttribute("data-node-count", nodes.length);
  document.body.setAttribute("data-edge-count", edges.length);

  var params = {};
  location.hash.slice(1).split("&").forEach(function (part) {
    var kv = part.split("=");
    if (kv[0]) params[decodeURIComponent(kv[0])] = decodeURIComponent(kv.slice(1).join("="));
  });
  if ("picture" in params) document.body.classList.add("picture");

  var canvas = document.getElementById("graph");
  var ctx = canvas.getContext("2d");
  var panel = document.getElementById("panel");
  var view = { scale: 1, x: 0, y: 0 }; // screen = world * scale + (x, y)
  var selected = null; // {node: n} or {edge: e}
  var hovered = null;

  nodes.forEach(function (n) { n.adj = []; });
  var pairs = new Set();
  edges.forEach(function (e) {
    e.a = nodes[e.s];
    e.b = nodes[e.t];
    e.a.adj.push(e);
    e.b.adj.push(e);
    pairs.add(e.s + ">" + e.t);
  });
  // an edge with one in the opposite direction is drawn a little to its right, so both show
  edges.forEach(function (e) { e.shift = e.s !== e.t && pairs.has(e.t + ">" + e.s) ? 4 : 0; });
  var labelled = nodes.slice().sort(function (p, q) { return q.r - p.r; }).slice(0, 40);
  labelled.forEach(function (n) { n.showLabel = true; });
  nodes.forEach(function (n) { if (n.pin) n.showLabel = true; }); // kinds always labelled (kg viz --label Person)

  function sx(n) { return n.x * view.scale + view.x; }
  function sy(n) { return n.y * view.scale + view.y; }

  function resize() {
    var dpr = window.devicePixelRatio || 1;
    canvas.width = Math.max(1, canvas.clientWidth * dpr);
    canvas.height = Math.max(1, canvas.clientHeight * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  }

  function fit() {
    if (!nodes.length) return;
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    nodes.forEach(function (n) {
      x0 = Math.min(x0, n.x); x1 = Math.max(x1, n.x);
      y0 = Math.min(y0, n.y); y1 = Math.max(y1, n.y);
    });
    var w = canvas.clientWidth, h = canvas.clientHeight;
    view.scale = Math.min((w - 120) / Math.max(x1 - x0, 1e-6), (h - 140) / Math.max(y1 - y0, 1e-6));
    if (!isFinite(view.scale) || view.scale <= 0) view.scale = 1;
    view.x = w / 2 - view.scale * (x0 + x1) / 2;
    view.y = h / 2 - view.scale * (y0 + y1) / 2 + 10;
  }

  // what is in focus: the selected (else hovered) node with its edges and neighbours, or one edge
  function focusSets() {
    var f = selected || hovered;
    if (!f) return null;
    var lit = { nodes: new Set(), edges: new Set() };
    if (f.edge) {
      lit.edges.add(f.edge); lit.nodes.add(f.edge.a); lit.nodes.add(f.edge.b);
    } else {
      lit.nodes.add(f.node);
      f.node.adj.forEach(function (e) { lit.edges.add(e); lit.nodes.add(e.a); lit.nodes.add(e.b); });
    }
    return lit;
  }

  // screen coordinates of an edge: start, arrow tip, and its unit direction (null when too short)
  function ends(e) {
    var ax = sx(e.a), ay = sy(e.a), bx = sx(e.b), by = sy(e.b);
    var dx = bx - ax, dy = by - ay, len = Math.sqrt(dx * dx + dy * dy);
    if (len < 1e-6) return null;
    var ux = dx / len, uy = dy / len, px = -uy * e.shift, py = ux * e.shift;
    return { ax: ax + px, ay: ay + py, ex: bx - ux * (e.b.r + 2) + px, ey: by - uy * (e.b.r + 2) + py, ux: ux, uy: uy };
  }

  function drawEdge(e, on, dim) {
    var p = ends(e);
    if (!p) return;
    var ax = p.ax, ay = p.ay, ex = p.ex, ey = p.ey, ux = p.ux, uy = p.uy;
    ctx.strokeStyle = on ? "rgba(30,30,30,0.9)" : dim ? "rgba(150,150,150,0.12)" : "rgba(110,110,110,0.45)";
    ctx.fillStyle = ctx.strokeStyle;
    ctx.lineWidth = Math.min(1 + Math.log(e.weight || 1) * 1.5, 6) + (on ? 1 : 0);
    ctx.beginPath();
    ctx.moveTo(ax, ay);
    ctx.lineTo(ex, ey);
    ctx.stroke();
    if (data.directed !== false) { // arrow head: facts have a direction, co-mentions do not
      ctx.beginPath();
      ctx.moveTo(ex, ey);
      ctx.lineTo(ex - ux * 8 - uy * 4, ey - uy * 8 + ux * 4);
      ctx.lineTo(ex - ux * 8 + uy * 4, ey - uy * 8 - ux * 4);
      ctx.closePath();
      ctx.fill();
    }
    if (on) {
      ctx.font = "11px system-ui, sans-serif";
      ctx.fillStyle = "#333";
      ctx.textAlign = "center";
      var side = e.shift ? 3 * e.shift : 0; // a reciprocal edge's label goes on its own side
      ctx.fillText(e.predicate, (ax + ex) / 2 - uy * side, (ay + ey) / 2 + ux * side - 4);
    }
  }

  function draw() {
    var w = canvas.clientWidth, h = canvas.clientHeight;
    ctx.clearRect(0, 0, w, h);
    var lit = focusSets();
    edges.forEach(function (e) { drawEdge(e, lit && lit.edges.has(e), lit && !lit.edges.has(e)); });
    nodes.forEach(function (n) {
      var dim = lit && !lit.nodes.has(n);
      ctx.globalAlpha = dim ? 0.2 : 1;
      ctx.beginPath();
      ctx.arc(sx(n), sy(n), n.r, 0, 2 * Math.PI);
      ctx.fillStyle = n.colour;
      ctx.fill();
      ctx.lineWidth = selected && selected.node === n ? 3 : 1;
      ctx.strokeStyle = selected && selected.node === n ? "#000" : "#fff";
      ctx.stroke();
    });
    ctx.globalAlpha = 1;
    ctx.font = "12px system-ui, sans-serif";
    ctx.textAlign = "left";
    ctx.lineWidth = 3;
    ctx.strokeStyle = "rgba(255,255,255,0.9)";
    ctx.fillStyle = "#111";
    nodes.forEach(function (n) {
      if (lit ? !lit.nodes.has(n) : !(n.showLabel || view.scale > 400)) return;
      ctx.strokeText(n.label, sx(n) + n.r + 3, sy(n) + 4);
      ctx.fillText(n.label, sx(n) + n.r + 3, sy(n) + 4);
    });
  }

  function nodeAt(px, py) {
    for (var i = nodes.length - 1; i >= 0; i--) {
      var n = nodes[i], dx = sx(n) - px, dy = sy(n) - py;
      if (dx * dx + dy * dy <= (n.r + 3) * (n.r + 3)) return n;
    }
    return null;
  }

  function edgeAt(px, py) {
    var best = null, bestDist = 6;
    edges.forEach(function (e) {
      var p = ends(e);
      if (!p) return;
      var dx = p.ex - p.ax, dy = p.ey - p.ay, l2 = dx * dx + dy * dy;
      var t = l2 ? Math.max(0, Math.min(1, ((px - p.ax) * dx + (py - p.ay) * dy) / l2)) : 0;
      var qx = p.ax + t * dx - px, qy = p.ay + t * dy - py, d = Math.sqrt(qx * qx + qy * qy);
      if (d < bestDist) { best = e; bestDist = d; }
    });
    return best;
  }

  function el(tag, cls, text) {
    var x = document.createElement(tag);
    if (cls) x.className = cls;
    if (text !== undefined) x.textContent = text;
    return x;
  }

  function factBlock(e) {
    var box = el("div", "fact");
    var head = el("div", "triple");
    head.appendChild(el("b", "", e.a.label));
    head.appendChild(el("span", "predicate", data.directed === false ? " \u2014 named with \u2014 " : " \u2014" + e.predicate + "\u2192 "));
    head.appendChild(el("b", "", e.b.label));
    box.appendChild(head);
    if (e.sentence) box.appendChild(el("div", "sentence", "\u201c" + e.sentence + "\u201d"));
    var meta = ["weight " + e.weight];
    if (e.first_date) meta.push(e.first_date === e.last_date ? e.first_date : e.first_date + " \u2013 " + e.last_date);
    if (e.document) meta.push(e.document);
    box.appendChild(el("div", "meta", meta.join(" \u00b7 ")));
    return box;
  }

  function showPanel() {
    while (panel.firstChild) panel.removeChild(panel.firstChild);
    if (!selected) {
      panel.appendChild(el("h2", "", data.title));
      panel.appendChild(el("p", "", "Click a node or an edge to see its facts and the sentences they were read in."));
      return;
    }
    if (selected.edge) {
      panel.appendChild(el("h2", "", data.directed === false ? "Named together" : "Fact"));
      panel.appendChild(factBlock(selected.edge));
      return;
    }
    var n = selected.node;
    panel.appendChild(el("h2", "", n.label));
    panel.appendChild(el("div", "kind", n.kind));
    panel.appendChild(el("div", "meta", n.id));
    var noun = data.directed === false ? [" name met with it", " names met with it"] : [" fact", " facts"];
    panel.appendChild(el("p", "", n.adj.length + noun[n.adj.length === 1 ? 0 : 1]));
    n.adj.slice().sort(function (p, q) { return q.weight - p.weight; }).forEach(function (e) {
      panel.appendChild(factBlock(e));
    });
  }

  function select(s) {
    selected = s;
    showPanel();
    draw();
  }

  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/^\s*the\s+/, "").trim();
  }

  function find(name) {
    var q = fold(name), best = null, rank = 0;
    if (!q) return null;
    nodes.forEach(function (n) {
      var l = fold(n.label);
      var r = l === q ? 3 : l.indexOf(q) === 0 ? 2 : l.indexOf(q) >= 0 ? 1 : 0;
      if (r > rank || (r === rank && r > 0 && n.r > best.r)) { best = n; rank = r; }
    });
    return best;
  }

  function centreOn(n) {
    view.x = canvas.clientWidth / 2 - n.x * view.scale;
    view.y = canvas.clientHeight / 2 - n.y * view.scale;
  }

  var search = document.getElementById("search");
  var note = document.getElementById("note");
  var names = document.getElementById("names");
  nodes.forEach(function (n) { var o = document.createElement("option"); o.value = n.label; names.appendChild(o); });

  function runSearch(text) {
    var n = find(text);
    note.textContent = n || !text ? "" : "no match";
    if (n) { centreOn(n); select({ node: n }); }
  }
  search.addEventListener("change", function () { runSearch(search.value); });
  search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") runSearch(search.value); });

  var drag = null; // {node, x, y, moved}
  canvas.addEventListener("mousedown", function (ev) {
    drag = { node: nodeAt(ev.offsetX, ev.offsetY), x: ev.offsetX, y: ev.offsetY, moved: false };
  });
  window.addEventListener("mouseup", function () {
    if (drag && !drag.moved) {
      var e = drag.node ? null : edgeAt(drag.x, drag.y);
      select(drag.node ? { node: drag.node } : e ? { edge: e } : null);
    }
    drag = null;
  });
  canvas.addEventListener("mousemove", function (ev) {
    if (drag) {
      var dx = ev.offsetX - drag.x, dy = ev.offsetY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 2) drag.moved = true;
      if (!drag.moved) return;
      if (drag.node) { drag.node.x += dx / view.scale; drag.node.y += dy / view.scale; }
      else { view.x += dx; view.y += dy; }
      drag.x = ev.offsetX; drag.y = ev.offsetY;
      draw();
      return;
    }
    var n = nodeAt(ev.offsetX, ev.offsetY);
    var h = n ? { node: n } : null;
    canvas.style.cursor = n || edgeAt(ev.offsetX, ev.offsetY) ? "pointer" : "grab";
    if ((h && h.node) !== (hovered && hovered.node)) { hovered = h; draw(); }
  });
  canvas.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var k = Math.exp(-ev.deltaY * 0.0015);
    view.x = ev.offsetX - (ev.offsetX - view.x) * k;
    view.y = ev.offsetY - (ev.offsetY - view.y) * k;
    view.scale *= k;
    draw();
  }, { passive: false });
  window.addEventListener("resize", function () { resize(); fit(); draw(); });

  var legend = document.getElementById("legend");
  data.legend.forEach(function (item) {
    var row = el("div", "");
    var swatch = el("span", "swatch");
    swatch.style.background = item.colour;
    row.appendChild(swatch);
    row.appendChild(el("span", "", item.kind + " (" + item.count + ")"));
    legend.appendChild(row);
  });
  if (data.total_nodes > nodes.length) {
    legend.appendChild(el("div", "meta", "showing the " + nodes.length + " best connected of " + data.total_nodes + " entities"));
  }

  resize();
  fit();
  showPanel();
  if (params.find) {
    search.value = params.find;
    runSearch(params.find);
  }
  draw();
  document.body.setAttribute("data-ready", "true");
})();
