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
  function loadPoints(root, figure) {
    var existing = figure.querySelector("svg.map-svg");
    if (existing || !root.dataset.points) return Promise.resolve(existing);
    var url = new URL(root.dataset.points, window.location.href).href;
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url + ": HTTP " + response.status);
      return response.text();
    }).then(function (text) {
      // Parsed by the HTML parser into an inert template (nothing in it loads or runs): on 10,000
      // points it is about twice as fast as DOMParser's XML parser. The page preloads the file.
      var template = document.createElement("template");
      template.innerHTML = text;
      var svg = template.content.querySelector("svg.map-svg");
      if (!svg) throw new Error(url + ": not an SVG file");
      Array.prototype.forEach.call(svg.querySelectorAll("style, script"), function (el) { el.remove(); });
      figure.insertBefore(svg, figure.firstChild);
      return svg;
    });
  }

  // --- The map ------------------------------------------------------------------------------------
  function setup(root) {
    var form = root.querySelector(".map-controls");
    var figure = root.querySelector(".map-figure");
    var tip = root.querySelector(".map-tip");
    var count = root.querySelector(".map-count");
    var listLink = root.querySelector(".map-list-link");
    var input = form.elements.search;
    var select = form.elements.theme;
    root.dataset.mapState = "loading";

    loadPoints(root, figure).then(function (svg) {
      if (!root.isConnected) return;
      start(svg);
    }, function (error) {
      root.dataset.mapState = "error";
      count.textContent = "The map could not be loaded (" + error.message + ").";
      form.hidden = false;
    });

    function start(svg) {
      var group = svg.querySelector(".map-points");
      var box = svg.viewBox.baseVal;
      var full = { x: box.x, y: box.y, w: box.width, h: box.height };
      var view = { x: full.x, y: full.y, w: full.w, h: full.h };
      var byLink = new Map();
      var points = Array.prototype.map.call(group.querySelectorAll("a"), function (a) {
        var point = { a: a, ref: a.getAttribute("data-ref"), themes: " " + a.getAttribute("data-t") + " " };
        byLink.set(a, point);
        return point;
      });
      // Our tooltip replaces the browser's, so each <title> moves into its link's accessible name.
      // Now, not lazily: with 10,000 <title>s in the page, Chromium restyles the map 20× slower.
      Array.prototype.forEach.call(group.querySelectorAll("title"), function (title) {
        var point = byLink.get(title.parentNode.parentNode);
        if (!point) return;
        point.title = title.textContent;
        point.meta = point.a.getAttribute("data-meta") || "";
        title.remove();
        point.a.setAttribute("aria-label", point.meta ? point.title + " (" + point.meta + ")" : point.title);
      });
      var total = points.length;
      var index = null;
      var reordered = false;

      // Tooltip
      var shown = null;
      function titleOf(point) {
        if (point.title === undefined) {
          var title = point.a.querySelector("title");
          point.title = title ? title.textContent : "";
          point.meta = point.a.getAttribute("data-meta") || "";
          if (title) title.remove();
          point.a.setAttribute("aria-label", point.meta ? point.title + " (" + point.meta + ")" : point.title);
        }
        return point.title;
      }
      function showTip(a) {
        var point = byLink.get(a);
        if (!point) return;
        titleOf(point);
        shown = a;
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
        var frame = figure.getBoundingClientRect();
        var width = tip.offsetWidth;
        var left = at.left + at.width / 2 - frame.left - width / 2;
        left = Math.max(4, Math.min(left, frame.width - width - 4));
        var top = at.top - frame.top - tip.offsetHeight - 8;
        if (top < 4) top = at.bottom - frame.top + 8;
        tip.style.left = left + "px";
        tip.style.top = top + "px";
      }
      function hideTip(a) {
        if (!a || a === shown) { tip.hidden = true; shown = null; }
      }
      group.addEventListener("pointerover", function (e) {
        var a = e.target.closest("a");
        if (a && e.pointerType === "mouse") showTip(a);
      });
      group.addEventListener("pointerout", function (e) {
        var a = e.target.closest("a");
        if (a && e.pointerType === "mouse") hideTip(a);
      });
      group.addEventListener("focusin", function (e) {
        var a = e.target.closest("a");
        if (!a) return;
        reveal(a);
        showTip(a);
      });
      group.addEventListener("focusout", function (e) { hideTip(e.target.closest("a")); });
      // On touch there is no hover: the first tap on a point shows its paper, a second tap on the
      // same point opens it. What was shown is read when the finger comes down, before the tap's
      // focus shows the tip itself.
      var tapped = { touch: false, shown: null };
      group.addEventListener("pointerdown", function (e) {
        tapped = { touch: e.pointerType === "touch" || e.pointerType === "pen", shown: shown };
      });
      group.addEventListener("click", function (e) {
        var a = e.target.closest("a");
        if (!a || !tapped.touch || tapped.shown === a) return;
        e.preventDefault();
        showTip(a);
        tapped = { touch: true, shown: a };
      });

      // Zoom and pan: the viewBox moves; points shrink a little as you zoom, to separate crowds.
      function apply() {
        svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].map(function (v) { return Math.round(v * 100) / 100; }).join(" "));
        var k = full.w / view.w;
        svg.classList.toggle("is-zoomed", k > 1.001);
        root.dataset.mapZoom = String(Math.round(k * 100) / 100);
        if (shown) showTip(shown);
        // Points shrink (relative to the map) as you zoom, to pull crowds apart. Restyling every
        // point is the slow part of a zoom on a large map, so it waits for the zooming to pause.
        window.clearTimeout(shrink);
        shrink = window.setTimeout(function () {
          svg.style.setProperty("--map-k", String(Math.round(100 / Math.sqrt(k)) / 100));
          if (shown) showTip(shown);
        }, total > 2000 ? 200 : 0);
      }
      var shrink = 0;
      function clamp() {
        view.w = Math.min(full.w, Math.max(full.w / MAX_ZOOM, view.w));
        view.h = view.w * full.h / full.w;
        view.x = Math.min(full.x + full.w - view.w, Math.max(full.x, view.x));
        view.y = Math.min(full.y + full.h - view.h, Math.max(full.y, view.y));
      }
      function toMap(clientX, clientY) {
        var rect = svg.getBoundingClientRect();
        return { x: view.x + (clientX - rect.left) / rect.width * view.w, y: view.y + (clientY - rect.top) / rect.height * view.h };
      }
      function zoom(factor, cx, cy) {
        var rect = svg.getBoundingClientRect();
        if (cx === undefined) { cx = rect.left + rect.width / 2; cy = rect.top + rect.height / 2; }
        var at = toMap(cx, cy);
        view.w /= factor;
        view.h /= factor;
        clamp();
        view.x = at.x - (cx - rect.left) / rect.width * view.w;
        view.y = at.y - (cy - rect.top) / rect.height * view.h;
        clamp();
        apply();
      }
      function reveal(a) {
        var c = a.firstElementChild;
        var x = Number(c.getAttribute("cx"));
        var y = Number(c.getAttribute("cy"));
        if (x < view.x || x > view.x + view.w || y < view.y || y > view.y + view.h) {
          view.x = x - view.w / 2;
          view.y = y - view.h / 2;
          clamp();
          apply();
        }
      }
      svg.addEventListener("wheel", function (e) {
        e.preventDefault();
        zoom(Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.002)), e.clientX, e.clientY);
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
          zoom(after.d / before.d, after.x, after.y);
          return;
        }
        if (!last) return;
        if (!dragged && Math.hypot(e.clientX - last.start.x, e.clientY - last.start.y) < 5) return;
        if (!dragged) { dragged = true; try { svg.setPointerCapture(e.pointerId); } catch (err) { /* pointer gone */ } }
        var rect = svg.getBoundingClientRect();
        view.x -= (e.clientX - last.x) / rect.width * view.w;
        view.y -= (e.clientY - last.y) / rect.height * view.h;
        last.x = e.clientX;
        last.y = e.clientY;
        clamp();
        apply();
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
      form.querySelectorAll("[data-zoom]").forEach(function (button) {
        button.addEventListener("click", function () {
          var what = button.getAttribute("data-zoom");
          if (what === "in") zoom(1.6);
          else if (what === "out") zoom(1 / 1.6);
          else { view = { x: full.x, y: full.y, w: full.w, h: full.h }; apply(); }
        });
      });

      // Search and theme filter
      function state() {
        return { search: input.value.trim() ? input.value : "", theme: select.value };
      }
      function update() {
        var s = state();
        var option = select.selectedOptions[0];
        var themeIndex = option && option.value ? option.getAttribute("data-i") : "";
        var searching = fold(s.search).length > 0;
        var scores = !searching ? null : index ? search(index, s.search) : root.dataset.mapSearch === "error" ? titleSearch(points, s.search, titleOf) : null;
        var hits = [];
        var n = 0;
        points.forEach(function (p) {
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
        svg.classList.toggle("is-filtering", themeIndex !== "");
        svg.classList.toggle("is-searching", scores !== null);
        // Highlighted points are drawn last, on top of the others.
        if (reordered) { points.forEach(function (p) { group.appendChild(p.a); }); reordered = false; }
        if (hits.length && hits.length < total) { hits.forEach(function (a) { group.appendChild(a); }); reordered = true; }
        var text = !searching && !themeIndex ? total + (total === 1 ? " paper" : " papers")
          : searching && scores === null ? "Loading the search index…"
          : n === 0 ? "No papers match"
          : n === 1 ? "1 paper matches" : n + " papers match";
        if (count.textContent !== text) count.textContent = text;
        listLink.setAttribute("href", root.dataset.list + queryString(s));
        writeState(s);
      }

      var initial = readState();
      input.value = initial.search;
      select.value = initial.theme;
      if (select.value !== initial.theme) select.value = "";
      form.hidden = false;
      form.addEventListener("submit", function (e) { e.preventDefault(); });
      form.addEventListener("input", update);
      form.addEventListener("change", update);
      apply();
      update();
      root.dataset.mapState = "ready";
      // The benchmark (bench/run.py) reads the mark "map-ready": the end of the first frame that
      // draws the points, when the page answers input again.
      if (window.performance && performance.mark) {
        window.requestAnimationFrame(function () { window.setTimeout(function () { performance.mark("map-ready"); }, 0); });
      }

      loadIndex(root).then(function (loadedIndex) {
        if (!root.isConnected) return;
        index = loadedIndex;
        root.dataset.mapSearch = "ready";
        update();
      }, function () {
        root.dataset.mapSearch = "error";
        update();
      });
    }
  }

  window.catalogSearch.onEveryPage("[data-map]", "mapState", setup);
})();
