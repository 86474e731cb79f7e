/* kg render: the page's behaviour. Article strings only ever reach the DOM via
   textContent / text nodes; links are made only for http(s) URLs. */
(function () {
  'use strict';
  var DATA = JSON.parse(document.getElementById('kg-data').textContent);
  var META = DATA.meta, STYLE = DATA.style;
  var SVG = 'http://www.w3.org/2000/svg';
  var kg = window.kg = { ready: false, data: DATA, errors: [] };

  // ---------------------------------------------------------------- DOM helpers (no innerHTML)
  function el(tag, props) {
    var e = document.createElement(tag);
    if (props) for (var k in props) {
      if (k === 'text') e.textContent = props[k];
      else if (k === 'cls') e.className = props[k];
      else if (k === 'on') for (var ev in props.on) e.addEventListener(ev, props.on[ev]);
      else e[k] = props[k];
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined) continue;
      e.append(c);   // strings become text nodes
    }
    return e;
  }
  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); }
  function safeLink(text) {
    var s = String(text || '');
    try {
      var u = new URL(s);
      if (u.protocol === 'http:' || u.protocol === 'https:') {
        var a = el('a', { text: s, target: '_blank', rel: 'noopener noreferrer' });
        a.href = u.href;
        return a;
      }
    } catch (e) { /* not a URL: plain text */ }
    return document.createTextNode(s);
  }
  function svg(w, h, draw) {
    var s = document.createElementNS(SVG, 'svg');
    s.setAttribute('width', w); s.setAttribute('height', h); s.setAttribute('class', 'kg-swatch');
    draw(s, function (tag, attrs) {
      var e = document.createElementNS(SVG, tag);
      for (var k in attrs) e.setAttribute(k, attrs[k]);
      s.appendChild(e); return e;
    });
    return s;
  }
  function shapeIcon(shape, color) {
    return svg(16, 16, function (s, add) {
      var st = { fill: color, stroke: shade(color, -0.3), 'stroke-width': 1 };
      var pts = {
        diamond: '8,1 15,8 8,15 1,8', triangle: '8,1.5 15,14 1,14', triangleDown: '1,2 15,2 8,14.5',
        hexagon: '8,1 14,4.5 14,11.5 8,15 2,11.5 2,4.5',
        star: '8,1 9.8,6 15,6.2 10.9,9.4 12.3,14.5 8,11.5 3.7,14.5 5.1,9.4 1,6.2 6.2,6'
      }[shape];
      if (pts) add('polygon', Object.assign({ points: pts }, st));
      else if (shape === 'square') add('rect', Object.assign({ x: 2, y: 2, width: 12, height: 12 }, st));
      else add('circle', Object.assign({ cx: 8, cy: 8, r: 6.5 }, st));
    });
  }
  function lineIcon(color, dashes, arrow) {
    return svg(30, 12, function (s, add) {
      var a = { x1: 1, y1: 6, x2: arrow ? 23 : 29, y2: 6, stroke: color, 'stroke-width': 2.2 };
      if (dashes) a['stroke-dasharray'] = dashes.map(function (d) { return d / 2; }).join(' ');
      add('line', a);
      if (arrow) add('polygon', { points: '22,2 29,6 22,10', fill: color });
    });
  }
  function shade(hex, f) {   // lighten (f>0) or darken (f<0) a #rrggbb colour
    var n = parseInt(hex.slice(1), 16), r = n >> 16, g = (n >> 8) & 255, b = n & 255;
    function c(v) { return Math.round(f < 0 ? v * (1 + f) : v + (255 - v) * f); }
    return 'rgb(' + c(r) + ',' + c(g) + ',' + c(b) + ')';
  }
  function rgba(hex, a) {
    var n = parseInt(hex.slice(1), 16);
    return 'rgba(' + (n >> 16) + ',' + ((n >> 8) & 255) + ',' + (n & 255) + ',' + a + ')';
  }
  function plural(n, one, many) { return n.toLocaleString('en') + ' ' + (n === 1 ? one : many); }
  function typeStyle(t) { return STYLE.types[t] || STYLE.types._other; }
  function relLabel(r) { return (STYLE.relations[r] && STYLE.relations[r].label) || r; }

  // ---------------------------------------------------------------- data
  var byId = new Map(), adj = new Map();
  DATA.nodes.forEach(function (n) { byId.set(n.id, n); adj.set(n.id, []); });
  DATA.edges.forEach(function (e, i) {
    e.i = i;
    if (adj.has(e.from)) adj.get(e.from).push(i);
    if (e.to !== e.from && adj.has(e.to)) adj.get(e.to).push(i);
  });
  var highlight = DATA.nodes.some(function (n) { return n.path; });
  var large = META.large;

  function nodeItem(n) {
    var st = typeStyle(n.type), faded = highlight && !n.path, strong = n.focus || n.path;
    return {
      id: n.id, label: n.label.length > 42 ? n.label.slice(0, 41) + '…' : n.label, x: n.x, y: n.y, value: n.value, shape: st.shape,
      color: { background: st.color, border: strong ? '#111' : shade(st.color, -0.35),
               highlight: { background: shade(st.color, 0.25), border: '#111' },
               hover: { background: shade(st.color, 0.15), border: '#111' } },
      borderWidth: strong ? 3 : 1, opacity: faded ? 0.3 : 1,
      font: { color: faded ? 'rgba(29,39,51,0.45)' : '#1d2733', bold: strong ? { color: '#000' } : undefined }
    };
  }
  function edgeItem(e) {
    var cls = STYLE.classes[e.cls] || STYLE.classes.structural, mod = STYLE.modalities[e.modality] || {};
    var faded = highlight && !e.path;
    var item = {
      id: e.i, from: e.from, to: e.to,
      color: { color: rgba(cls.color, faded ? 0.15 : (large ? 0.4 : 0.85)), highlight: cls.color, hover: cls.color },
      dashes: mod.dashes || false,
      width: (e.path ? 3.5 : large ? 1 : 1.6) + Math.min(4, Math.log2(e.support)),
      arrows: e.sym ? { to: { enabled: false } } : { to: { enabled: true, scaleFactor: 0.55 } }
    };
    if (e.path) item.label = relLabel(e.relation);
    if (!large && e.curve > 0) {
      item.smooth = { enabled: true, type: e.curve % 2 ? 'curvedCW' : 'curvedCCW', roundness: 0.12 * Math.ceil(e.curve / 2) + 0.05 };
    }
    return item;
  }

  var nodes = new vis.DataSet(DATA.nodes.map(nodeItem));
  var edges = new vis.DataSet(DATA.edges.map(edgeItem));

  // ---------------------------------------------------------------- filters
  var presentRels = {}, presentMods = {}, presentTypes = {};
  DATA.edges.forEach(function (e) {
    presentRels[e.relation] = (presentRels[e.relation] || 0) + 1;
    presentMods[e.modality] = (presentMods[e.modality] || 0) + 1;
  });
  DATA.nodes.forEach(function (n) { presentTypes[n.type] = (presentTypes[n.type] || 0) + 1; });
  var F = { rels: new Set(Object.keys(presentRels)), mods: new Set(Object.keys(presentMods)),
            types: new Set(Object.keys(presentTypes)), from: '', to: '' };
  var edgeOn = new Uint8Array(DATA.edges.length), nodeOn = new Map();

  function computeVisibility() {
    var deg = new Map();
    DATA.edges.forEach(function (e) {
      var ok = F.rels.has(e.relation) && F.mods.has(e.modality) &&
        F.types.has(byId.get(e.from).type) && F.types.has(byId.get(e.to).type);
      if (ok && (F.from || F.to)) {
        ok = e.dates.some(function (d) { return (!F.from || d >= F.from) && (!F.to || d.slice(0, F.to.length) <= F.to); });
      }
      edgeOn[e.i] = ok ? 1 : 0;
      if (ok) { deg.set(e.from, 1); deg.set(e.to, 1); }
    });
    var filtered = F.rels.size < Object.keys(presentRels).length || F.mods.size < Object.keys(presentMods).length || F.from || F.to;
    DATA.nodes.forEach(function (n) {
      var ok = F.types.has(n.type) && (deg.has(n.id) || n.focus || n.path || (!filtered && adj.get(n.id).length === 0));
      nodeOn.set(n.id, ok);
    });
  }
  computeVisibility();
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return nodeOn.get(n.id); } });
  var edgeView = new vis.DataView(edges, { filter: function (e) { return edgeOn[e.id] === 1; } });

  function applyFilters() {
    computeVisibility();
    nodeView.refresh();
    edgeView.refresh();
    updateSubtitle();
  }
  kg.applyFilters = applyFilters;
  kg.filters = F;

  // ---------------------------------------------------------------- header, notes, legend
  document.getElementById('kg-title').textContent = META.title;
  document.title = META.title;
  function updateSubtitle() {
    var vn = nodeView.length, ve = edgeView.length;
    var parts = [plural(vn, 'actor', 'actors') + ' · ' + plural(ve, 'relation', 'relations') + ' shown'];
    if (META.totals.nodes !== DATA.nodes.length || META.totals.edges !== DATA.edges.length || vn !== DATA.nodes.length || ve !== DATA.edges.length) {
      parts.push('graph: ' + plural(META.totals.nodes, 'actor', 'actors') + ', ' + plural(META.totals.edges, 'relation', 'relations'));
    }
    if (META.date_min) parts.push('claims dated ' + META.date_min + ' to ' + META.date_max);
    parts.push('generated ' + META.generated);
    document.getElementById('kg-subtitle').textContent = parts.join(' · ');
  }
  var notes = META.notes.slice();
  var f = META.filters || {};
  if (f.relations) notes.push('Relations limited to: ' + f.relations.join(', ') + '.');
  if (f.modalities) notes.push('Modalities limited to: ' + f.modalities.join(', ') + '.');
  if (f.date_from || f.date_to) notes.push('Dates limited to ' + (f.date_from || '…') + ' – ' + (f.date_to || '…') + '.');
  if (notes.length) {
    var box = document.getElementById('kg-notes');
    box.textContent = notes.join(' ');
    box.hidden = false;
  }
  var SIZE_WORDS = { degree: 'number of distinct counterparts (degree)', support: 'number of supporting claims',
                     pagerank: 'PageRank', betweenness: 'betweenness centrality' };
  document.getElementById('kg-size-note').textContent = 'Colour and shape show the actor type; size shows ' +
    (SIZE_WORDS[META.size_by] || META.size_by) + '. Click to filter.';

  function checkRow(label, checked, count, icon, onchange) {
    var box = el('input', { type: 'checkbox', checked: checked });
    box.addEventListener('change', function () { onchange(box.checked); });
    var row = el('label', { cls: 'kg-row' + (count ? '' : ' kg-empty') }, box, icon || null, el('span', { text: label }),
                 count !== null ? el('span', { cls: 'kg-count', text: String(count || 0) }) : null);
    row.input = box;
    return row;
  }
  var typesBox = document.getElementById('kg-types');
  Object.keys(STYLE.types).filter(function (t) { return t !== '_other' && presentTypes[t]; })
    .concat(Object.keys(presentTypes).filter(function (t) { return !STYLE.types[t]; }))
    .forEach(function (t) {
      var st = typeStyle(t);
      typesBox.append(checkRow(t.replace(/([a-z])([A-Z])/g, '$1 $2'), true, presentTypes[t], shapeIcon(st.shape, st.color),
        function (on) { if (on) F.types.add(t); else F.types.delete(t); applyFilters(); }));
    });

  var classesBox = document.getElementById('kg-classes'), relBoxes = {};
  Object.keys(STYLE.classes).forEach(function (c) {
    var rels = Object.keys(STYLE.relations).filter(function (r) { return STYLE.relations[r].cls === c && presentRels[r]; });
    var total = rels.reduce(function (s, r) { return s + presentRels[r]; }, 0);
    var relsBox = el('div', { cls: 'kg-rels' });
    var head = checkRow(STYLE.classes[c].label, true, total, lineIcon(STYLE.classes[c].color, false, true), function (on) {
      rels.forEach(function (r) { relBoxes[r].input.checked = on; if (on) F.rels.add(r); else F.rels.delete(r); });
      applyFilters();
    });
    rels.forEach(function (r) {
      var row = checkRow(relLabel(r) + (STYLE.relations[r].sym ? ' ⇄' : ''), true, presentRels[r], null, function (on) {
        if (on) F.rels.add(r); else F.rels.delete(r); applyFilters();
      });
      row.title = STYLE.relations[r].definition || '';
      relBoxes[r] = row;
      relsBox.append(row);
    });
    classesBox.append(el('div', { cls: 'kg-class' }, head, relsBox));
  });
  Object.keys(presentRels).filter(function (r) { return !STYLE.relations[r]; }).forEach(function (r) {
    var row = checkRow(r, true, presentRels[r], null, function (on) { if (on) F.rels.add(r); else F.rels.delete(r); applyFilters(); });
    relBoxes[r] = row;
    classesBox.append(row);
  });

  var modsBox = document.getElementById('kg-modalities'), modBoxes = {};
  Object.keys(STYLE.modalities).forEach(function (m) {
    modBoxes[m] = checkRow(STYLE.modalities[m].label, !!presentMods[m], presentMods[m] || 0,
      lineIcon('#5d6b7a', STYLE.modalities[m].dashes, false),
      function (on) { if (on) F.mods.add(m); else F.mods.delete(m); applyFilters(); });
    modsBox.append(modBoxes[m]);
  });

  var dFrom = document.getElementById('kg-date-from'), dTo = document.getElementById('kg-date-to');
  if (META.date_min) {
    [dFrom, dTo].forEach(function (i) { i.min = META.date_min.slice(0, 10); i.max = META.date_max.slice(0, 10); });
  } else {
    document.getElementById('kg-dates').hidden = true;
  }
  dFrom.addEventListener('change', function () { F.from = dFrom.value; applyFilters(); });
  dTo.addEventListener('change', function () { F.to = dTo.value; applyFilters(); });

  document.getElementById('kg-reset').addEventListener('click', function () {
    F.rels = new Set(Object.keys(presentRels)); F.mods = new Set(Object.keys(presentMods));
    F.types = new Set(Object.keys(presentTypes)); F.from = F.to = ''; dFrom.value = dTo.value = '';
    kg.filters = F;
    Array.prototype.forEach.call(document.querySelectorAll('#kg-controls input[type=checkbox]:not(#kg-physics)'),
      function (b) { b.checked = true; });
    applyFilters();
  });

  var actorList = document.getElementById('kg-actor-list'), byLabel = new Map();
  DATA.nodes.slice().sort(function (a, b) { return a.label.localeCompare(b.label); }).forEach(function (n) {
    if (!byLabel.has(n.label.toLowerCase())) actorList.append(el('option', { value: n.label }));
    byLabel.set(n.label.toLowerCase(), n.id);
    n.aliases.forEach(function (a) { if (!byLabel.has(a.toLowerCase())) byLabel.set(a.toLowerCase(), n.id); });
  });
  var search = document.getElementById('kg-search');
  search.addEventListener('change', function () {
    var id = byLabel.get(search.value.trim().toLowerCase());
    if (id !== undefined && nodeOn.get(id)) {
      network.selectNodes([id]);
      network.focus(id, { scale: Math.max(network.getScale(), 1.2), animation: { duration: 400 } });
      showNode(id);
    }
  });

  // ---------------------------------------------------------------- network
  var container = document.getElementById('kg-network');
  var options = {
    autoResize: true,
    physics: { enabled: false, solver: 'forceAtlas2Based', stabilization: false,
               forceAtlas2Based: { gravitationalConstant: -40, springLength: 80, avoidOverlap: 0.4 } },
    layout: { improvedLayout: false, randomSeed: 1 },
    interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: large, hideEdgesOnZoom: large,
                   multiselect: false, navigationButtons: false, keyboard: false, zoomSpeed: 0.8 },
    nodes: {
      scaling: { min: 9, max: 34, label: { enabled: true, min: large ? 11 : 15, max: large ? 22 : 28, drawThreshold: large ? 9 : 5, maxVisible: 30 } },
      font: { face: 'system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif', size: 13, color: '#1d2733',
              strokeWidth: 3, strokeColor: 'rgba(255,255,255,0.9)' }
    },
    edges: { smooth: false, selectionWidth: 1.5, hoverWidth: 0.8,
             font: { size: 11, align: 'middle', color: '#1d2733', strokeWidth: 3, strokeColor: '#fff' } }
  };
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, options);
  kg.network = network;
  network.once('afterDrawing', function () {
    kg.ready = true;
    kg.readyAt = performance.now();
    document.body.setAttribute('data-ready', '1');
  });
  network.fit({ animation: false });

  document.getElementById('kg-fit').addEventListener('click', function () { network.fit({ animation: { duration: 300 } }); });
  var physics = document.getElementById('kg-physics');
  if (large) document.getElementById('kg-physics-label').hidden = true;
  physics.addEventListener('change', function () { network.setOptions({ physics: { enabled: physics.checked } }); });

  // ---------------------------------------------------------------- tooltip
  var tip = document.getElementById('kg-tooltip');
  function showTip(pointer, parts) {
    clear(tip);
    parts.forEach(function (p) { tip.append(p); });
    tip.hidden = false;
    var w = container.clientWidth, x = pointer.x + 14, y = pointer.y + 14;
    tip.style.left = Math.min(x, Math.max(0, w - tip.offsetWidth - 8)) + 'px';
    tip.style.top = Math.min(y, Math.max(0, container.clientHeight - tip.offsetHeight - 8)) + 'px';
  }
  function hideTip() { tip.hidden = true; }
  function trim(s, n) { s = String(s || ''); return s.length > n ? s.slice(0, n - 1) + '…' : s; }
  network.on('hoverNode', function (p) {
    var n = byId.get(p.node);
    showTip(p.pointer.DOM, [el('div', { cls: 'kg-tip-title', text: n.label }),
      el('div', { cls: 'kg-tip-sub', text: n.type.replace(/([a-z])([A-Z])/g, '$1 $2') + ' · ' + plural(n.degree, 'counterpart', 'counterparts') })]);
  });
  network.on('hoverEdge', function (p) {
    var e = DATA.edges[p.edge], ev = e.quotes.length ? e.quotes[0][0] : null;
    showTip(p.pointer.DOM, [
      el('div', { cls: 'kg-tip-title', text: byId.get(e.from).label + (e.sym ? ' ⇄ ' : ' → ') + relLabel(e.relation) + (e.sym ? ' ⇄ ' : ' → ') + byId.get(e.to).label }),
      el('div', { cls: 'kg-tip-sub', text: e.modality + ' · ' + plural(e.support, 'claim', 'claims') + (e.dates.length ? ' · ' + e.dates[0] : '') }),
      ev ? el('div', { cls: 'kg-tip-ev', text: '“' + trim(ev, 220) + '”' }) : null
    ].filter(Boolean));
  });
  network.on('blurNode', hideTip);
  network.on('blurEdge', hideTip);
  network.on('dragStart', hideTip);
  network.on('zoom', hideTip);

  // ---------------------------------------------------------------- side panel
  var panel = document.getElementById('kg-panel-body');
  function badge(text, color) { return el('span', { cls: 'kg-badge' + (color ? '' : ' kg-light'), text: text, style: color ? 'background:' + color : '' }); }
  function edgeLine(e, from) {
    var other = byId.get(e.from === from ? e.to : e.from);
    var arrow = e.sym ? '⇄' : (e.from === from ? '→' : '←');
    var li = el('li', { cls: 'kg-link' },
      el('span', { text: arrow + ' ' + relLabel(e.relation) + ' ' }), el('strong', { text: other.label }),
      el('span', { cls: 'kg-src', text: ' · ' + e.modality + (e.support > 1 ? ' · ' + e.support + ' claims' : '') }));
    li.addEventListener('click', function () { network.selectEdges([e.i]); showEdge(e.i); });
    return li;
  }
  function showNode(id) {
    var n = byId.get(id);
    if (!n) return;
    clear(panel);
    var st = typeStyle(n.type);
    panel.append(el('h3', { text: n.label }),
      el('div', { cls: 'kg-sub' }, badge(n.type.replace(/([a-z])([A-Z])/g, '$1 $2'), st.color), el('span', { text: 'id: ' + n.id })));
    if (n.aliases.length) panel.append(el('h4', { text: 'Also called' }), el('div', { text: n.aliases.join(', ') }));
    panel.append(el('h4', { text: 'Position in this view' }),
      el('div', { text: plural(n.degree, 'counterpart', 'counterparts') + ' · ' + META.size_by + ' ' + n.metric }));
    var mine = adj.get(id).map(function (i) { return DATA.edges[i]; }).filter(function (e) { return edgeOn[e.i]; });
    var groups = {};
    mine.forEach(function (e) { (groups[e.cls] = groups[e.cls] || []).push(e); });
    Object.keys(STYLE.classes).forEach(function (c) {
      if (!groups[c]) return;
      var ul = el('ul');
      groups[c].sort(function (a, b) { return b.support - a.support; }).forEach(function (e) { ul.append(edgeLine(e, id)); });
      panel.append(el('h4', { text: STYLE.classes[c].label + ' (' + groups[c].length + ')' }), ul);
    });
    var docs = new Set();
    mine.forEach(function (e) { e.documents.forEach(function (d) { docs.add(d); }); });
    if (docs.size) {
      var ul = el('ul');
      Array.from(docs).sort().forEach(function (d) { ul.append(el('li', { cls: 'kg-src' }, safeLink(d))); });
      panel.append(el('h4', { text: 'Sources (' + docs.size + ')' }), ul);
    }
  }
  function showEdge(i) {
    var e = DATA.edges[i];
    if (!e) return;
    var cls = STYLE.classes[e.cls] || STYLE.classes.structural, rel = STYLE.relations[e.relation] || {};
    clear(panel);
    panel.append(el('h3', null, byId.get(e.from).label, el('span', { text: e.sym ? ' ⇄ ' : ' → ' }), byId.get(e.to).label),
      el('div', { cls: 'kg-sub' }, badge(relLabel(e.relation), cls.color), badge(e.modality), badge(plural(e.support, 'claim', 'claims'))));
    if (rel.definition) panel.append(el('div', { cls: 'kg-src', text: rel.definition }));
    if (e.attributed.length) {
      panel.append(el('h4', { text: 'Attributed to' }),
        el('div', { text: e.attributed.map(function (a) { return byId.has(a) ? byId.get(a).label : a; }).join(', ') }));
    }
    if (e.dates.length) panel.append(el('h4', { text: 'Dates' }), el('div', { text: e.dates.join(', ') }));
    panel.append(el('h4', { text: 'Evidence (' + e.quotes.length + ')' }));
    var ul = el('ul');
    e.quotes.forEach(function (q) {
      var li = el('li', null, el('blockquote', { text: q[0] }));
      if (q[1]) li.append(el('div', { cls: 'kg-src' }, safeLink(q[1])));
      ul.append(li);
    });
    if (!e.quotes.length) ul.append(el('li', { cls: 'kg-empty-panel', text: 'No evidence sentence stored.' }));
    panel.append(ul);
    if (e.documents.length) {
      var docs = el('ul');
      e.documents.forEach(function (d) { docs.append(el('li', { cls: 'kg-src' }, safeLink(d))); });
      panel.append(el('h4', { text: 'Sources (' + e.documents.length + ')' }), docs);
    }
  }
  function showOverview() {
    clear(panel);
    panel.append(el('h3', { text: META.paths.length ? 'Paths' : 'Details' }));
    if (META.paths.length) {
      META.paths.forEach(function (path, k) {
        var box = el('div', { cls: 'kg-path' }, el('strong', { text: 'Path ' + (k + 1) + ' (' + plural(path.length, 'hop', 'hops') + ')' }));
        path.forEach(function (h) {
          box.append(el('div', null, h.subject + ' → ' + relLabel(h.relation) + ' → ' + h.object + (h.modality && h.modality !== 'asserted' ? ' (' + h.modality + ')' : '')));
          if (h.evidence) box.append(el('blockquote', { text: h.evidence }));
          if (h.document) box.append(el('div', { cls: 'kg-src' }, safeLink(h.document)));
        });
        panel.append(box);
      });
    }
    if (META.focus && byId.has(META.focus)) {
      panel.append(el('p', { text: 'Ego network of ' + byId.get(META.focus).label + ' within ' + plural(META.hops, 'hop', 'hops') + '.' }));
    }
    panel.append(el('p', { cls: 'kg-empty-panel', text: 'Click an actor or a relation to see its profile, evidence sentences and sources. Hover for a summary; scroll to zoom, drag to pan.' }));
  }
  network.on('click', function (p) {
    hideTip();
    if (p.nodes.length) showNode(p.nodes[0]);
    else if (p.edges.length) showEdge(p.edges[0]);
    else showOverview();
  });
  kg.showNode = showNode;
  kg.showEdge = showEdge;
  kg.stats = function () {
    return { nodes: DATA.nodes.length, edges: DATA.edges.length, visibleNodes: nodeView.length,
             visibleEdges: edgeView.length, drawnNodes: network.body.nodeIndices.length,
             drawnEdges: network.body.edgeIndices.length };
  };
  showOverview();
  updateSubtitle();
})();
