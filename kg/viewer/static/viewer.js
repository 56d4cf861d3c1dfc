// kg view: draws the graph embedded in this page and shows the evidence behind each fact.
// The layout comes with the data (computed by kg with networkx); this script only draws it,
// pans, zooms, filters and explains. Every text from the data is set with textContent or
// setAttribute, never parsed as HTML.
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("kg-data").textContent);
  const SVG = "http://www.w3.org/2000/svg";
  const MAX_LABELS = 60; // entity names shown at once when not zoomed in
  const MAX_RESULTS = 25;

  const svg = document.getElementById("graph");
  const $ = (id) => document.getElementById(id);
  const state = {
    hiddenClasses: new Set(),
    day: data.days.length ? data.days[data.days.length - 1] : null,
    undated: true,
    matches: null, // Set of node indices when searching
    selected: null, // {kind: "node"|"edge", index}
    view: { x: 0, y: 0, k: 1 },
  };

  // ------------------------------------------------------------------ small DOM helpers

  function el(tag, text, attrs) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
    return node;
  }

  function svgEl(tag, attrs, parent) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
    if (parent) parent.appendChild(node);
    return node;
  }

  function colour(cls) {
    return data.colours[cls] || "#9d9d9d";
  }

  // Only web addresses become links: a path or a javascript: URL stays text.
  function safeLink(url) {
    return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null;
  }

  // ------------------------------------------------------------------ the model

  const nodes = data.nodes.map((n, i) => Object.assign({}, n, { index: i, edges: [] }));
  const edges = data.edges.map((e, i) => Object.assign({}, e, { index: i }));
  edges.forEach((e) => { nodes[e.source].edges.push(e); if (e.target !== e.source) nodes[e.target].edges.push(e); });

  // World coordinates: the layout's units (linked entities about one apart) at 70 px, y down.
  const spread = 70;
  nodes.forEach((n) => { n.wx = n.x * spread; n.wy = -n.y * spread; n.r = 5 + 2.2 * Math.sqrt(n.degree); });

  // Parallel facts between the same two entities are drawn as curves side by side.
  const pairs = new Map();
  edges.forEach((e) => {
    const key = Math.min(e.source, e.target) + " " + Math.max(e.source, e.target);
    if (!pairs.has(key)) pairs.set(key, []);
    pairs.get(key).push(e);
  });
  pairs.forEach((group) => group.forEach((e, i) => {
    const sign = e.source <= e.target ? 1 : -1; // the same side whichever way the fact points
    e.bend = sign * (i - (group.length - 1) / 2) * 40;
  }));

  const degrees = nodes.map((n) => n.degree).sort((a, b) => b - a);
  const labelDegree = degrees.length > MAX_LABELS ? Math.max(degrees[MAX_LABELS - 1], 2) : 0;

  // ------------------------------------------------------------------ drawing

  const defs = svgEl("defs", {}, svg);
  const marker = svgEl("marker", { id: "arrow", viewBox: "0 0 10 10", refX: "10", refY: "5", markerWidth: "7",
    markerHeight: "7", orient: "auto-start-reverse" }, defs);
  svgEl("path", { d: "M0,0 L10,5 L0,10 z", fill: "#777" }, marker);
  const edgeLayer = svgEl("g", { class: "edges" }, svg);
  const nodeLayer = svgEl("g", { class: "nodes" }, svg);

  edges.forEach((e) => {
    e.g = svgEl("g", { class: "edge", "data-index": e.index, "data-property": e.property }, edgeLayer);
    e.line = svgEl("path", { class: "line", "marker-end": "url(#arrow)",
      "stroke-opacity": String(0.35 + 0.65 * (e.confidence === null ? 0.5 : e.confidence)) }, e.g);
    e.hit = svgEl("path", { class: "hit" }, e.g);
    svgEl("title", {}, e.g).textContent = `${nodes[e.source].label} ${e.property} ${nodes[e.target].label}`;
    e.text = svgEl("text", { class: "edge-label", "text-anchor": "middle" }, e.g);
    e.text.textContent = e.property;
  });

  nodes.forEach((n) => {
    n.g = svgEl("g", { class: "node", "data-index": n.index, "data-class": n.cls }, nodeLayer);
    n.g.dataset.label = n.label;
    n.circle = svgEl("circle", { r: n.r, fill: colour(n.cls) }, n.g);
    n.text = svgEl("text", { x: n.r + 3, y: 4 }, n.g);
    n.text.textContent = n.label;
    svgEl("title", {}, n.g).textContent = `${n.label} (${n.cls}, ${n.degree} fact${n.degree === 1 ? "" : "s"})`;
  });

  // Zoomed out, dots and the bends of parallel facts shrink, so that a large graph is not a carpet of discs.
  function shrink() {
    return Math.min(1, Math.max(Math.sqrt(state.view.k), 0.35));
  }

  function radius(n) {
    return n.r * shrink();
  }

  function screen(n) {
    return [n.wx * state.view.k + state.view.x, n.wy * state.view.k + state.view.y];
  }

  // An edge from the rim of its source to the rim of its target, bent when it has parallels.
  function edgePath(e) {
    const a = nodes[e.source], b = nodes[e.target];
    const [x1, y1] = screen(a), [x2, y2] = screen(b);
    const dx = x2 - x1, dy = y2 - y1, len = Math.hypot(dx, dy) || 1;
    const nx = -dy / len, ny = dx / len;
    const bend = e.bend * Math.min(1, state.view.k);
    const cx = (x1 + x2) / 2 + nx * bend, cy = (y1 + y2) / 2 + ny * bend;
    const toward = (fx, fy, tx, ty, r) => {
      const d = Math.hypot(tx - fx, ty - fy) || 1;
      return [fx + (tx - fx) * r / d, fy + (ty - fy) * r / d];
    };
    const [sx, sy] = toward(x1, y1, cx, cy, radius(a));
    const [tx, ty] = toward(x2, y2, cx, cy, radius(b) + 1);
    return { d: `M${sx.toFixed(1)},${sy.toFixed(1)} Q${cx.toFixed(1)},${cy.toFixed(1)} ${tx.toFixed(1)},${ty.toFixed(1)}`,
      mx: (sx + 2 * cx + tx) / 4, my: (sy + 2 * cy + ty) / 4 };
  }

  function place() {
    nodes.forEach((n) => {
      const [x, y] = screen(n);
      n.g.setAttribute("transform", `translate(${x.toFixed(1)},${y.toFixed(1)})`);
      n.g.classList.toggle("labelled", n.degree >= labelDegree / state.view.k);
      n.circle.setAttribute("r", radius(n).toFixed(1));
      n.text.setAttribute("x", (radius(n) + 3).toFixed(1));
    });
    edges.forEach((e) => {
      const p = edgePath(e);
      e.line.setAttribute("d", p.d);
      e.hit.setAttribute("d", p.d);
      e.text.setAttribute("x", p.mx.toFixed(1));
      e.text.setAttribute("y", (p.my - 3).toFixed(1));
    });
    const visibleEdges = edges.filter((e) => !e.hidden).length;
    svg.classList.toggle("edge-labels", visibleEdges <= 40 || state.view.k >= 2.5);
    svg.classList.toggle("far", state.view.k < 0.5);
  }

  // Pointer and wheel events come faster than frames: draw once per frame.
  let pending = false;
  function schedulePlace() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; place(); });
  }

  // Zoom and pan so that every visible entity fits.
  function fit() {
    const shown = nodes.filter((n) => !n.hidden);
    const box = svg.getBoundingClientRect();
    if (!shown.length || !box.width) return;
    const xs = shown.map((n) => n.wx), ys = shown.map((n) => n.wy);
    const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const [left, right, vertical] = [40, 150, 40]; // room for the names, written to the right of the dots
    const k = Math.min((box.width - left - right) / Math.max(maxX - minX, 1),
      (box.height - 2 * vertical) / Math.max(maxY - minY, 1), 2.5);
    state.view = { k, x: left + (box.width - left - right) / 2 - k * (minX + maxX) / 2, y: box.height / 2 - k * (minY + maxY) / 2 };
    place();
  }

  // ------------------------------------------------------------------ filters: classes, dates, search

  function edgeShown(e) {
    if (state.hiddenClasses.has(nodes[e.source].cls) || state.hiddenClasses.has(nodes[e.target].cls)) return false;
    if (!e.days.length) return state.undated;
    return state.day === null || e.days[0] <= state.day;
  }

  function applyFilters() {
    nodes.forEach((n) => { n.hidden = true; });
    edges.forEach((e) => {
      e.hidden = !edgeShown(e);
      if (!e.hidden) { nodes[e.source].hidden = false; nodes[e.target].hidden = false; }
      e.g.classList.toggle("hidden", e.hidden);
    });
    nodes.forEach((n) => n.g.classList.toggle("hidden", n.hidden));
    const shownNodes = nodes.filter((n) => !n.hidden).length, shownEdges = edges.filter((e) => !e.hidden).length;
    $("counts").textContent = `${shownNodes} of ${nodes.length} entities · ${shownEdges} of ${edges.length} facts · ${data.articles.length} articles`;
    place();
  }

  function buildLegend() {
    const legend = $("legend");
    data.classes.forEach((cls) => {
      const count = nodes.filter((n) => n.cls === cls).length;
      const box = el("input", null, { type: "checkbox", "data-class": cls });
      box.checked = true;
      box.addEventListener("change", () => {
        if (box.checked) state.hiddenClasses.delete(cls); else state.hiddenClasses.add(cls);
        applyFilters();
      });
      const swatch = el("span", null, { class: "swatch" });
      swatch.style.background = colour(cls);
      const label = el("label");
      label.append(box, swatch, el("span", `${cls} (${count})`));
      legend.appendChild(label);
    });
  }

  function setUpDates() {
    const slider = $("date"), output = $("date-label");
    if (!data.days.length) {
      slider.disabled = true;
      output.textContent = "no dated articles";
      return;
    }
    slider.max = String(data.days.length - 1);
    slider.value = slider.max;
    const show = () => {
      state.day = data.days[Number(slider.value)];
      output.textContent = state.day;
      applyFilters();
    };
    slider.addEventListener("input", show);
    output.textContent = state.day;
  }

  function search(text) {
    const query = text.trim().toLowerCase();
    const results = $("results");
    results.replaceChildren();
    state.matches = null;
    if (query) {
      const found = nodes.filter((n) => [n.label].concat(n.alt_labels).some((name) => name.toLowerCase().includes(query)));
      found.sort((a, b) => (b.label.toLowerCase() === query) - (a.label.toLowerCase() === query) || b.degree - a.degree);
      state.matches = new Set(found.map((n) => n.index));
      found.slice(0, MAX_RESULTS).forEach((n) => {
        const button = el("button", `${n.label} (${n.cls}, ${n.degree})`, { type: "button", "data-index": n.index });
        button.addEventListener("click", () => { select("node", n.index); centre(n); });
        const item = el("li");
        item.appendChild(button);
        results.appendChild(item);
      });
      if (!found.length) results.appendChild(el("li", "no entity matches", { class: "none" }));
      else if (found.length > MAX_RESULTS) results.appendChild(el("li", `… ${found.length - MAX_RESULTS} more`, { class: "none" }));
    }
    nodes.forEach((n) => n.g.classList.toggle("match", Boolean(state.matches && state.matches.has(n.index))));
    svg.classList.toggle("searching", Boolean(state.matches) && !state.selected);
    return state.matches ? [...state.matches] : [];
  }

  function centre(n) {
    const box = svg.getBoundingClientRect();
    state.view.k = Math.max(state.view.k, 1.2);
    state.view.x = box.width / 2 - n.wx * state.view.k;
    state.view.y = box.height / 2 - n.wy * state.view.k;
    place();
  }

  // ------------------------------------------------------------------ the details panel

  function nodeButton(n) {
    const button = el("button", n.label, { type: "button", title: `${n.cls}: show its facts` });
    button.addEventListener("click", () => select("node", n.index));
    return button;
  }

  function detailsText(details) {
    return Object.entries(details || {}).map(([name, value]) => `${name} ${value}`).join(" · ");
  }

  function evidenceItem(ev) {
    const item = el("li", null, { class: "evidence" });
    item.appendChild(el("blockquote", ev.sentence));
    const source = el("div", null, { class: "source" });
    const article = ev.article === null ? null : data.articles[ev.article];
    if (article) {
      const title = article.title || article.identifier;
      const link = safeLink(article.link);
      source.appendChild(link ? el("a", title, { href: link, target: "_blank", rel: "noopener noreferrer" }) : el("span", title));
      const where = [article.title && article.identifier !== article.title ? article.identifier : null,
        link ? null : article.source !== article.identifier ? article.source : null, article.date];
      const meta = where.filter(Boolean).join(" · ");
      if (meta) source.appendChild(el("span", ` · ${meta}`));
    }
    const how = [ev.confidence === null ? null : `confidence ${ev.confidence}`, ev.extractor, detailsText(ev.details)];
    source.appendChild(el("div", how.filter(Boolean).join(" · ")));
    item.appendChild(source);
    return item;
  }

  function factSection(e) {
    const section = el("section", null, { class: "fact", "data-edge": e.index });
    const heading = el("h3");
    heading.append(nodeButton(nodes[e.source]), el("span", ` ${e.property} `, { class: "property" }), nodeButton(nodes[e.target]));
    section.appendChild(heading);
    const count = e.evidence.length;
    const summary = [e.confidence === null ? null : `confidence ${e.confidence}`, `${count} sentence${count === 1 ? "" : "s"}`];
    if (e.hidden) summary.push("outside the current filters");
    section.appendChild(el("p", summary.filter(Boolean).join(" · "), { class: "meta" }));
    const list = el("ol");
    e.evidence.forEach((ev) => list.appendChild(evidenceItem(ev)));
    section.appendChild(list);
    return section;
  }

  function showNode(n) {
    const details = $("details");
    details.appendChild(el("h2", n.label));
    details.appendChild(el("p", `${n.cls} · ${n.degree} fact${n.degree === 1 ? "" : "s"}`, { class: "meta" }));
    details.appendChild(el("p", n.iri, { class: "meta" }));
    if (n.alt_labels.length) details.appendChild(el("p", `also written: ${n.alt_labels.join("; ")}`, { class: "meta" }));
    if (Object.keys(n.details).length) details.appendChild(el("p", detailsText(n.details), { class: "meta" }));
    if (n.days.length) details.appendChild(el("p", `in articles of ${n.days.join(", ")}`, { class: "meta" }));
    n.edges.forEach((e) => details.appendChild(factSection(e)));
  }

  function select(kind, index) {
    state.selected = kind ? { kind, index } : null;
    const details = $("details");
    details.replaceChildren();
    nodes.forEach((n) => n.g.classList.remove("selected", "neighbour"));
    edges.forEach((e) => e.g.classList.remove("selected", "near"));
    if (kind === "node") {
      const n = nodes[index];
      n.g.classList.add("selected");
      n.edges.forEach((e) => {
        e.g.classList.add("near");
        nodes[e.source].g.classList.add("neighbour");
        nodes[e.target].g.classList.add("neighbour");
      });
      showNode(n);
    } else if (kind === "edge") {
      const e = edges[index];
      e.g.classList.add("selected", "near");
      nodes[e.source].g.classList.add("neighbour");
      nodes[e.target].g.classList.add("neighbour");
      details.appendChild(factSection(e));
    } else {
      details.appendChild(el("p", "Click an entity or a fact to see the sentences and articles behind it.", { class: "hint" }));
    }
    svg.classList.toggle("focused", Boolean(kind));
    svg.classList.toggle("searching", Boolean(state.matches) && !kind);
  }

  // ------------------------------------------------------------------ pointer: pan, zoom, drag, click

  let drag = null; // {kind: "pan"|"node", start, moved, node, view}

  function pointerTarget(event) {
    const nodeG = event.target.closest(".node");
    if (nodeG) return { kind: "node", index: Number(nodeG.getAttribute("data-index")) };
    const edgeG = event.target.closest(".edge");
    if (edgeG) return { kind: "edge", index: Number(edgeG.getAttribute("data-index")) };
    return null;
  }

  svg.addEventListener("pointerdown", (event) => {
    if (event.button !== 0) return;
    const target = pointerTarget(event);
    drag = { target, x: event.clientX, y: event.clientY, moved: false, view: Object.assign({}, state.view) };
    svg.setPointerCapture(event.pointerId);
    if (!target) svg.classList.add("panning");
  });

  svg.addEventListener("pointermove", (event) => {
    if (!drag) return;
    const dx = event.clientX - drag.x, dy = event.clientY - drag.y;
    if (!drag.moved && Math.hypot(dx, dy) < 4) return;
    drag.moved = true;
    if (drag.target && drag.target.kind === "node") {
      const n = nodes[drag.target.index], box = svg.getBoundingClientRect();
      n.wx = (event.clientX - box.left - state.view.x) / state.view.k;
      n.wy = (event.clientY - box.top - state.view.y) / state.view.k;
    } else {
      state.view.x = drag.view.x + dx;
      state.view.y = drag.view.y + dy;
    }
    schedulePlace();
  });

  svg.addEventListener("pointerup", () => {
    if (drag && !drag.moved) {
      if (drag.target) select(drag.target.kind, drag.target.index); else select(null);
    }
    drag = null;
    svg.classList.remove("panning");
  });

  svg.addEventListener("wheel", (event) => {
    event.preventDefault();
    const box = svg.getBoundingClientRect();
    const px = event.clientX - box.left, py = event.clientY - box.top;
    const factor = Math.exp(-event.deltaY * 0.0015);
    const k = Math.min(Math.max(state.view.k * factor, 0.02), 40);
    state.view.x = px - (px - state.view.x) * k / state.view.k;
    state.view.y = py - (py - state.view.y) * k / state.view.k;
    state.view.k = k;
    schedulePlace();
  }, { passive: false });

  // ------------------------------------------------------------------ start

  $("search").addEventListener("input", (event) => search(event.target.value));
  $("search").addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    const first = $("results").querySelector("button");
    if (first) first.click();
  });
  $("undated").addEventListener("change", (event) => { state.undated = event.target.checked; applyFilters(); });
  $("fit").addEventListener("click", fit);
  window.addEventListener("resize", fit);

  buildLegend();
  setUpDates();
  applyFilters();
  fit();
  document.body.setAttribute("data-ready", "true");
})();
