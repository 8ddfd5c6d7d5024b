/* The header's search box finds papers: as the reader types, the papers that match come first,
 * above Material's own results (which then list the other pages: themes, tags, About…), from the
 * same prebuilt lunr index as the Explore page, ranked as Explore ranks them
 * (catalogSearch.rank: every word first, then some words, a typo corrected with "Did you mean").
 * Each result shows the title, authors, year and venue, and the abstract's first sentence, with
 * the query's words highlighted. Material's results for paper pages are hidden, since the papers
 * are listed here already.
 * It acts only where Material's search box is on the page (another engine's header search, such
 * as Zensical's, is left alone), and loads nothing until the reader first focuses the box.
 */
(function () {
  "use strict";

  var SHOWN = 8;
  // The site's root, from this script's own address (assets/header-search.js): it stays right
  // when Material's instant navigation changes the page without running the script again.
  var ROOT = new URL("../", document.currentScript ? document.currentScript.src : window.location.href);
  var EXPLORE = new URL("explore/", ROOT); // the files the Explore page loads, and its rows' links are relative to
  var source = { dataset: { index: new URL("search-index.json", EXPLORE).href, lunr: new URL("lunr.js", EXPLORE).href } };

  var rows = null; // Promise of explore/rows.json
  var teasers = null; // teaser HTML by ref, once loaded
  var handle = null;
  var started = false;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  /* <mark> around the words of `node`'s text that begin with one of the query's words. */
  function highlight(node, words) {
    if (!words.length) return node;
    var pattern = new RegExp("(^|[^\\p{L}\\p{N}])(" + words.map(function (w) {
      return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }).join("|") + ")", "giu");
    var walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    var texts = [];
    while (walker.nextNode()) if (!walker.currentNode.parentNode.closest("math")) texts.push(walker.currentNode);
    texts.forEach(function (text) {
      var value = text.nodeValue;
      var normalized = value.normalize("NFKD").replace(/\p{M}/gu, "");
      if (normalized.length !== value.length) normalized = value; // keep positions aligned
      var parts = document.createDocumentFragment();
      var last = 0;
      normalized.replace(pattern, function (match, before, word, offset) {
        var start = offset + before.length;
        parts.appendChild(document.createTextNode(value.slice(last, start)));
        parts.appendChild(el("mark", "", value.slice(start, start + word.length)));
        last = start + word.length;
        return match;
      });
      if (last === 0) return;
      parts.appendChild(document.createTextNode(value.slice(last)));
      text.parentNode.replaceChild(parts, text);
    });
    return node;
  }

  function resultItem(data, ref, words) {
    var p = data.papers[ref]; // [href, title, authors, year, venue, code, new, tags, themes, added, title rank]
    var li = el("li", "catalog-hsearch__item");
    var link = li.appendChild(el("a", "catalog-hsearch__link"));
    link.href = new URL(p[0], EXPLORE).href;
    var title = link.appendChild(el("span", "catalog-hsearch__title"));
    title.innerHTML = p[1]; // escaped by the generator
    highlight(title, words);
    var facts = [p[2], p[3] ? String(p[3]) : "", p[4]].filter(Boolean).join(" · ");
    if (facts) highlight(link.appendChild(el("span", "catalog-hsearch__meta", facts)), words);
    if (teasers && teasers[ref]) {
      var snippet = link.appendChild(el("span", "catalog-hsearch__snippet"));
      snippet.innerHTML = teasers[ref]; // escaped by the generator
      highlight(snippet, words);
    }
    return li;
  }

  function parts() {
    var input = document.querySelector('input[data-md-component="search-query"]');
    var result = document.querySelector('[data-md-component="search-result"]');
    return input && result ? { input: input, result: result } : null;
  }

  function block(result) {
    var box = result.querySelector(".catalog-hsearch");
    if (!box) {
      box = el("div", "catalog-hsearch");
      box.setAttribute("aria-live", "polite");
      result.insertBefore(box, result.firstChild);
    }
    return box;
  }

  function render(data) {
    var found = parts();
    if (!found) return;
    var query = found.input.value;
    var box = block(found.result);
    var searching = window.catalogSearch.fold(query).length > 0;
    found.result.classList.toggle("catalog-hsearch-on", searching);
    if (!searching || !data || !handle) {
      box.replaceChildren();
      box.dataset.complete = "0";
      if (searching) box.appendChild(el("p", "catalog-hsearch__status", "Loading the papers…"));
      return;
    }
    var answer = window.catalogSearch.rank(handle, query, SHOWN, function (ref) { return data.papers[ref][9]; });
    var heading = el("p", "catalog-hsearch__status");
    var all = answer.partial < 0 ? answer.refs.length : answer.partial;
    if (answer.suggestion) {
      heading.appendChild(document.createTextNode("Did you mean "));
      var fix = heading.appendChild(el("a", "catalog-hsearch__fix", answer.suggestion));
      fix.href = "#";
      fix.addEventListener("click", function (event) {
        event.preventDefault();
        found.input.value = answer.suggestion;
        found.input.dispatchEvent(new Event("input", { bubbles: true }));
        found.input.focus();
      });
      heading.appendChild(document.createTextNode("? "));
    }
    heading.appendChild(document.createTextNode(
      all === 0 ? (answer.refs.length ? "No paper has all the words; papers with some of them:" : "No papers match")
        : all === 1 ? "1 paper" : all + " papers"));
    var list = el("ol", "catalog-hsearch__list");
    answer.refs.slice(0, SHOWN).forEach(function (ref, i) {
      if (i === answer.partial && i > 0) list.appendChild(el("li", "catalog-hsearch__partial", "Papers with some of the words"));
      list.appendChild(resultItem(data, ref, answer.words));
    });
    var children = [heading, list];
    if (answer.refs.length > SHOWN || all > SHOWN) {
      var more = el("a", "catalog-hsearch__more", "All matching papers on Explore");
      more.href = new URL("?search=" + encodeURIComponent(query).replace(/%20/g, "+"), EXPLORE).href;
      children.push(more);
    }
    box.replaceChildren.apply(box, children);
    box.dataset.query = query; // what the list answers, and whether the abstracts were searched too
    box.dataset.complete = handle.complete ? "1" : "0";
  }

  function start() {
    if (started) return;
    started = true;
    var cs = window.catalogSearch;
    rows = cs.fetchJSON(new URL("rows.json", EXPLORE).href);
    Promise.all([rows, cs.loadHead(source)]).then(function (results) {
      handle = results[1];
      render(results[0]);
      return Promise.all([cs.loadIndex(source), cs.fetchJSON(new URL("teasers.json", EXPLORE).href)]).then(function (rest) {
        handle = rest[0];
        teasers = rest[1];
        render(results[0]);
      });
    }).catch(function () {
      started = false; // try again on the next focus; Material's own results still show
      rows = null;
    });
  }

  /* Material's results for paper pages: hidden, since the papers are listed above them. */
  function hidePaperResults(result) {
    var papers = new URL("papers/", ROOT).href;
    var others = 0;
    result.querySelectorAll(".md-search-result__item").forEach(function (item) {
      var link = item.querySelector("a[href]");
      item.hidden = !!link && new URL(link.href, window.location.href).href.indexOf(papers) === 0;
      if (!item.hidden) others += 1;
    });
    result.classList.toggle("catalog-hsearch-pages", others > 0);
  }

  /* Material leaves its search dialog and its page-loading bar without a name (axe's
   * aria-dialog-name and aria-progressbar-name): a screen reader announces them as nothing. */
  function nameMaterialsWidgets() {
    var dialog = document.querySelector('.md-search[role="dialog"]:not([aria-label])');
    if (dialog) dialog.setAttribute("aria-label", "Search");
    var progress = document.querySelector('.md-progress[role="progressbar"]:not([aria-label])');
    if (progress) progress.setAttribute("aria-label", "Loading the page");
  }

  function attach() {
    nameMaterialsWidgets();
    var found = parts();
    if (!found || found.input.dataset.catalogSearch) return;
    found.input.dataset.catalogSearch = "on";
    found.input.addEventListener("focus", start);
    found.input.addEventListener("input", function () {
      start();
      if (rows) rows.then(render);
    });
    // Enter opens the best paper (Material would open its own best page).
    found.input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      var first = found.result.querySelector(".catalog-hsearch__link");
      if (!first) return;
      event.preventDefault();
      event.stopPropagation();
      first.click();
    });
    var list = found.result.querySelector(".md-search-result__list");
    if (list) new MutationObserver(function () { hidePaperResults(found.result); }).observe(list, { childList: true });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", attach);
  else attach();
})();
