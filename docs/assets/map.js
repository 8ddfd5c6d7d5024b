/* The Map page: tooltips, zoom and pan, search-to-highlight and the theme filter, the view kept in
 * the URL with the Explore page's parameter names (?search=…&theme=…). The points are links drawn
 * (and escaped) by the generator; this script only reads their text and toggles classes, so no text
 * from papers.yaml ever passes through it as markup. Search goes through catalog-search.js, the
 * same code and index as the Explore page, so the map highlights the papers the list shows. It
 * does nothing on other pages.
 */
(function () {
  "use strict";

  var fold = function (text) { return window.catalogSearch.fold(text); };
  var search = function (index, query) { return window.catalogSearch.search(index, query); };
  var loadIndex = function (root) { return window.catalogSearch.loadIndex(root); };

  var PARAMS = ["search", "theme"];
  var MAX_ZOOM = 24;

  // Without the index (it failed to load): every query word begins a word of the title.
  function titleSearch(points, query, titleOf) {
    var words = fold(query);
    if (!words.length) return null;
    var scores = {};
    points.forEach(function (p) {
      var title = fold(titleOf(p));
      var ok = words.every(function (w) { return title.some(function (t) { return t.indexOf(w) === 0; }); });
      if (ok) scores[p.ref] = 1;
    });
    return scores;
  }

  // --- The URL ------------------------------------------------------------------------------------
  function readState() { return window.catalogSearch.readState(PARAMS); }
  function queryString(state) { return window.catalogSearch.queryString(PARAMS, state); }
  function writeState(state) { window.catalogSearch.writeState(PARAMS, state); }

  // --- The points file of a large catalog -----------------------------------------------------------
  var SLICE = 400; // points parsed and drawn at a time: each slice a short task (about 30 ms), painted as it comes
  var named = new WeakMap(); // a point's link → its title, taken out of the <title> as it was drawn

  /* Parsed by the HTML parser into an inert template (nothing in it loads or runs): on 10,000
   * points it is about twice as fast as DOMParser's XML parser. */
  function parsed(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    Array.prototype.forEach.call(template.content.querySelectorAll("style, script"), function (el) { el.remove(); });
    return template.content;
  }

  function loadPoints(root, figure) {
    var existing = figure.querySelector("svg.map-svg");
    if (existing || !root.dataset.points) return Promise.resolve(existing);
    var url = new URL(root.dataset.points, window.location.href).href;
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url + ": HTTP " + response.status);
      return response.text();
    }).then(function (text) {
      // The file is the map's frame, then one point a line inside <g class="map-points">, then
      // the labels: the frame goes in first, then the points SLICE at a time, so that no task is long.
      var open = text.indexOf('<g class="map-points">');
      var from = open < 0 ? -1 : text.indexOf("\n", open) + 1;
      var to = from > 0 ? text.indexOf("</g>", from) : -1;
      var svg = parsed(to < 0 ? text : text.slice(0, from) + text.slice(to)).querySelector("svg.map-svg");
      if (!svg) throw new Error(url + ": not an SVG file");
      figure.insertBefore(svg, figure.firstChild);
      var group = svg.querySelector(".map-points");
      var lines = to < 0 || !group ? [] : text.slice(from, to).split("\n");
      function draw(i) {
        if (i >= lines.length) return Promise.resolve(svg);
        var points = parsed('<svg><g>' + lines.slice(i, i + SLICE).join("\n") + "</g></svg>").querySelector("g");
        // Our tooltip replaces the browser's, so each <title> moves into its link's accessible name
        // before the point is in the page: with 10,000 <title>s in it, Chromium restyles the map 20× slower.
        Array.prototype.forEach.call(points.querySelectorAll("a"), function (a) {
          var title = a.querySelector("title");
          if (!title) return;
          var meta = a.getAttribute("data-meta") || "";
          named.set(a, title.textContent);
          a.setAttribute("aria-label", meta ? title.textContent + " (" + meta + ")" : title.textContent);
          title.remove();
        });
        // Each slice its own <g>: Chromium then lays out the new points, not every point so far
        // (drawing 10,000 points into one group took 1.6 s; in groups of SLICE, 0.8 s).
        group.appendChild(points);
        return new Promise(function (resolve) { window.setTimeout(resolve, 0); }).then(function () { return draw(i + SLICE); });
      }
      return draw(0);
    });
  }

  // --- The map: one object per page view, which the functions below share -------------------------
  function mapView(root, svg) {
    var form = root.querySelector(".map-controls");
    var box = svg.viewBox.baseVal;
    var m = {
      root: root,
      svg: svg,
      group: svg.querySelector(".map-points"),
      form: form,
      figure: root.querySelector(".map-figure"),
      tip: root.querySelector(".map-tip"),
      count: root.querySelector(".map-count"),
      listLink: root.querySelector(".map-list-link"),
      input: form.elements.search,
      select: form.elements.theme,
      full: { x: box.x, y: box.y, w: box.width, h: box.height },
      view: { x: box.x, y: box.y, w: box.width, h: box.height },
      byLink: new Map(),
      points: [],
      index: null, // the search handle, once loaded
      reordered: false,
      shown: null, // the link whose tooltip is up
      shrink: 0,
      tapped: { touch: false, shown: null }
    };
    collectPoints(m);
    return m;
  }

  function collectPoints(m) {
    m.points = Array.prototype.map.call(m.group.querySelectorAll("a"), function (a) {
      var point = { a: a, ref: a.getAttribute("data-ref"), themes: " " + a.getAttribute("data-t") + " " };
      if (named.has(a)) {
        point.title = named.get(a);
        point.meta = a.getAttribute("data-meta") || "";
      }
      m.byLink.set(a, point);
      return point;
    });
    // Our tooltip replaces the browser's, so each <title> moves into its link's accessible name.
    // Now, not lazily: with 10,000 <title>s in the page, Chromium restyles the map 20× slower.
    Array.prototype.forEach.call(m.group.querySelectorAll("title"), function (title) {
      var point = m.byLink.get(title.parentNode.parentNode);
      if (point) nameFromTitle(point, title);
    });
  }

  function nameFromTitle(point, title) {
    point.title = title ? title.textContent : "";
    point.meta = point.a.getAttribute("data-meta") || "";
    if (title) title.remove();
    point.a.setAttribute("aria-label", point.meta ? point.title + " (" + point.meta + ")" : point.title);
  }

  function titleOf(point) {
    if (point.title === undefined) nameFromTitle(point, point.a.querySelector("title"));
    return point.title;
  }

  // --- Tooltips -----------------------------------------------------------------------------------
  function showTip(m, a) {
    var point = m.byLink.get(a);
    if (!point) return;
    titleOf(point);
    m.shown = a;
    var tip = m.tip;
    tip.textContent = "";
    var strong = document.createElement("strong");
    strong.textContent = point.title;
    tip.appendChild(strong);
    if (point.meta) {
      var meta = document.createElement("span");
      meta.textContent = point.meta;
      tip.appendChild(meta);
    }
    tip.hidden = false;
    var at = a.firstElementChild.getBoundingClientRect();
    var frame = m.figure.getBoundingClientRect();
    var width = tip.offsetWidth;
    var left = at.left + at.width / 2 - frame.left - width / 2;
    left = Math.max(4, Math.min(left, frame.width - width - 4));
    var top = at.top - frame.top - tip.offsetHeight - 8;
    if (top < 4) top = at.bottom - frame.top + 8;
    tip.style.left = left + "px";
    tip.style.top = top + "px";
  }

  function hideTip(m, a) {
    if (!a || a === m.shown) { m.tip.hidden = true; m.shown = null; }
  }

  function listenTips(m) {
    var group = m.group;
    group.addEventListener("pointerover", function (e) {
      var a = e.target.closest("a");
      if (a && e.pointerType === "mouse") showTip(m, a);
    });
    group.addEventListener("pointerout", function (e) {
      var a = e.target.closest("a");
      if (a && e.pointerType === "mouse") hideTip(m, a);
    });
    group.addEventListener("focusin", function (e) {
      var a = e.target.closest("a");
      if (!a) return;
      reveal(m, a);
      showTip(m, a);
    });
    group.addEventListener("focusout", function (e) { hideTip(m, e.target.closest("a")); });
    // On touch there is no hover: the first tap on a point shows its paper, a second tap on the
    // same point opens it. What was shown is read when the finger comes down, before the tap's
    // focus shows the tip itself.
    group.addEventListener("pointerdown", function (e) {
      m.tapped = { touch: e.pointerType === "touch" || e.pointerType === "pen", shown: m.shown };
    });
    group.addEventListener("click", function (e) {
      var a = e.target.closest("a");
      if (!a || !m.tapped.touch || m.tapped.shown === a) return;
      e.preventDefault();
      showTip(m, a);
      m.tapped = { touch: true, shown: a };
    });
  }

  // --- Zoom and pan: the viewBox moves; points shrink a little as you zoom, to separate crowds ------
  function apply(m) {
    var view = m.view;
    m.svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].map(function (v) { return Math.round(v * 100) / 100; }).join(" "));
    var k = m.full.w / view.w;
    m.svg.classList.toggle("is-zoomed", k > 1.001);
    m.root.dataset.mapZoom = String(Math.round(k * 100) / 100);
    if (m.shown) showTip(m, m.shown);
    // Restyling every point is the slow part of a zoom on a large map, so it waits for the
    // zooming to pause.
    window.clearTimeout(m.shrink);
    m.shrink = window.setTimeout(function () {
      var shrink = String(Math.round(100 / Math.sqrt(k)) / 100);
      // Unchanged (the first view, a pan): no restyle of every point.
      if (m.svg.style.getPropertyValue("--map-k") === shrink || (shrink === "1" && !m.svg.style.getPropertyValue("--map-k"))) return;
      m.svg.style.setProperty("--map-k", shrink);
      if (m.shown) showTip(m, m.shown);
    }, m.points.length > 2000 ? 200 : 0);
  }

  function clamp(m) {
    var view = m.view;
    var full = m.full;
    view.w = Math.min(full.w, Math.max(full.w / MAX_ZOOM, view.w));
    view.h = view.w * full.h / full.w;
    view.x = Math.min(full.x + full.w - view.w, Math.max(full.x, view.x));
    view.y = Math.min(full.y + full.h - view.h, Math.max(full.y, view.y));
  }

  function toMap(m, clientX, clientY) {
    var rect = m.svg.getBoundingClientRect();
    return { x: m.view.x + (clientX - rect.left) / rect.width * m.view.w, y: m.view.y + (clientY - rect.top) / rect.height * m.view.h };
  }

  function zoom(m, factor, cx, cy) {
    var rect = m.svg.getBoundingClientRect();
    if (cx === undefined) { cx = rect.left + rect.width / 2; cy = rect.top + rect.height / 2; }
    var at = toMap(m, cx, cy);
    m.view.w /= factor;
    m.view.h /= factor;
    clamp(m);
    m.view.x = at.x - (cx - rect.left) / rect.width * m.view.w;
    m.view.y = at.y - (cy - rect.top) / rect.height * m.view.h;
    clamp(m);
    apply(m);
  }

  /* Pans so that a point (focused by keyboard) is in view. */
  function reveal(m, a) {
    var c = a.firstElementChild;
    var x = Number(c.getAttribute("cx"));
    var y = Number(c.getAttribute("cy"));
    var view = m.view;
    if (x < view.x || x > view.x + view.w || y < view.y || y > view.y + view.h) {
      view.x = x - view.w / 2;
      view.y = y - view.h / 2;
      clamp(m);
      apply(m);
    }
  }

  function listenZoomAndPan(m) {
    var svg = m.svg;
    svg.addEventListener("wheel", function (e) {
      e.preventDefault();
      zoom(m, Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.002)), e.clientX, e.clientY);
    }, { passive: false });

    var pointers = {};
    var dragged = false;
    var last = null;
    function pinch() {
      var ids = Object.keys(pointers);
      if (ids.length < 2) return null;
      var a = pointers[ids[0]], b = pointers[ids[1]];
      return { d: Math.hypot(a.x - b.x, a.y - b.y), x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    }
    svg.addEventListener("pointerdown", function (e) {
      if (e.pointerType === "mouse" && e.button !== 0) return;
      pointers[e.pointerId] = { x: e.clientX, y: e.clientY };
      if (Object.keys(pointers).length === 1) { dragged = false; last = { x: e.clientX, y: e.clientY, start: { x: e.clientX, y: e.clientY } }; }
    });
    svg.addEventListener("pointermove", function (e) {
      if (!(e.pointerId in pointers)) return;
      var before = pinch();
      pointers[e.pointerId] = { x: e.clientX, y: e.clientY };
      var after = pinch();
      if (before && after && before.d > 0) {
        dragged = true;
        zoom(m, after.d / before.d, after.x, after.y);
        return;
      }
      if (!last) return;
      if (!dragged && Math.hypot(e.clientX - last.start.x, e.clientY - last.start.y) < 5) return;
      if (!dragged) { dragged = true; try { svg.setPointerCapture(e.pointerId); } catch (err) { /* pointer gone */ } }
      var rect = svg.getBoundingClientRect();
      m.view.x -= (e.clientX - last.x) / rect.width * m.view.w;
      m.view.y -= (e.clientY - last.y) / rect.height * m.view.h;
      last.x = e.clientX;
      last.y = e.clientY;
      clamp(m);
      apply(m);
    });
    function release(e) {
      delete pointers[e.pointerId];
      if (!Object.keys(pointers).length) last = null;
    }
    svg.addEventListener("pointerup", release);
    svg.addEventListener("pointercancel", release);
    // A drag that ends on a point is not a click on it.
    svg.addEventListener("click", function (e) {
      if (dragged) { e.preventDefault(); e.stopPropagation(); dragged = false; }
    }, true);
    m.form.querySelectorAll("[data-zoom]").forEach(function (button) {
      button.addEventListener("click", function () {
        var what = button.getAttribute("data-zoom");
        if (what === "in") zoom(m, 1.6);
        else if (what === "out") zoom(m, 1 / 1.6);
        else { m.view = { x: m.full.x, y: m.full.y, w: m.full.w, h: m.full.h }; apply(m); }
      });
    });
  }

  // --- Search and theme filter ----------------------------------------------------------------------
  function mapState(m) {
    return { search: m.input.value.trim() ? m.input.value : "", theme: m.select.value };
  }

  /* The papers the query matches (ref → score), or null: no query, or the index still loading. */
  function scoresFor(m, query) {
    if (!fold(query).length) return null;
    if (m.index) return search(m.index, query);
    return m.root.dataset.mapSearch === "error" ? titleSearch(m.points, query, titleOf) : null;
  }

  /* Marks each point out of the theme (is-out) or matching the query (is-hit); returns the hits and how many are shown. */
  function mark(m, themeIndex, scores) {
    var hits = [];
    var n = 0;
    m.points.forEach(function (p) {
      var out = themeIndex !== "" && p.themes.indexOf(" " + themeIndex + " ") < 0;
      var hit = !out && scores !== null && p.ref in scores;
      if (p.a.classList.contains("is-out") !== out) {
        p.a.classList.toggle("is-out", out);
        if (out) p.a.setAttribute("tabindex", "-1"); else p.a.removeAttribute("tabindex");
      }
      if (p.a.classList.contains("is-hit") !== hit) p.a.classList.toggle("is-hit", hit);
      if (hit) hits.push(p.a);
      if (!out && (scores === null || hit)) n += 1;
    });
    return { hits: hits, shown: n };
  }

  function update(m) {
    var s = mapState(m);
    var option = m.select.selectedOptions[0];
    var themeIndex = option && option.value ? option.getAttribute("data-i") : "";
    var searching = fold(s.search).length > 0;
    var scores = scoresFor(m, s.search);
    var marked = mark(m, themeIndex, scores);
    var total = m.points.length;
    m.svg.classList.toggle("is-filtering", themeIndex !== "");
    m.svg.classList.toggle("is-searching", scores !== null);
    // Highlighted points are drawn last, on top of the others.
    if (m.reordered) { m.points.forEach(function (p) { m.group.appendChild(p.a); }); m.reordered = false; }
    if (marked.hits.length && marked.hits.length < total) { marked.hits.forEach(function (a) { m.group.appendChild(a); }); m.reordered = true; }
    var n = marked.shown;
    var text = !searching && !themeIndex ? total + (total === 1 ? " paper" : " papers")
      : searching && scores === null ? "Loading the search index…"
      : n === 0 ? "No papers match"
      : n === 1 ? "1 paper matches" : n + " papers match";
    if (m.count.textContent !== text) m.count.textContent = text;
    m.listLink.setAttribute("href", m.root.dataset.list + queryString(s));
    writeState(s);
  }

  function listenForm(m) {
    var initial = readState();
    m.input.value = initial.search;
    m.select.value = initial.theme;
    if (m.select.value !== initial.theme) m.select.value = "";
    m.form.hidden = false;
    m.form.addEventListener("submit", function (e) { e.preventDefault(); });
    m.form.addEventListener("input", function () { update(m); });
    m.form.addEventListener("change", function () { update(m); });
  }

  function start(root, svg) {
    var m = mapView(root, svg);
    listenTips(m);
    listenZoomAndPan(m);
    listenForm(m);
    apply(m);
    update(m);
    root.dataset.mapState = "ready";
    // The benchmark (bench/run.py) reads the mark "map-ready": the end of the first frame that
    // draws the points, when the page answers input again.
    if (window.performance && performance.mark) {
      window.requestAnimationFrame(function () { window.setTimeout(function () { performance.mark("map-ready"); }, 0); });
    }
    // The index (megabytes on a large catalog) loads when the reader goes to the search box, or
    // at once for a search in the URL; the map itself needs none of it.
    function loadSearch() {
      if (root.dataset.mapSearch) return;
      root.dataset.mapSearch = "loading";
      loadIndex(root).then(function (loadedIndex) {
        if (!root.isConnected) return;
        m.index = loadedIndex;
        root.dataset.mapSearch = "ready";
        update(m);
      }, function () {
        root.dataset.mapSearch = "error";
        update(m);
      });
    }
    if (fold(m.input.value).length) loadSearch();
    else ["focus", "input", "pointerdown"].forEach(function (type) { m.input.addEventListener(type, loadSearch, { once: true }); });
  }

  function setup(root) {
    var figure = root.querySelector(".map-figure");
    root.dataset.mapState = "loading";
    // A large catalog's points (megabytes) load once the page is painted, so they do not hold it back.
    var points = new Promise(function (resolve) {
      if (root.dataset.points) window.catalogSearch.afterPaint(resolve); else resolve();
    });
    points.then(function () { return loadPoints(root, figure); }).then(function (svg) {
      if (!root.isConnected) return;
      start(root, svg);
    }, function (error) {
      root.dataset.mapState = "error";
      root.querySelector(".map-count").textContent = "The map could not be loaded (" + error.message + ").";
      root.querySelector(".map-controls").hidden = false;
    });
  }

  window.catalogSearch.onEveryPage("[data-map]", "mapState", setup);
})();
