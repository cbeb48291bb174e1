/* newsld review page: select an item to see its details and what it points to; sort index tables.
   Plain script, no libraries, no network. Each .nld-pane is independent, so a page can hold several. */
(function () {
  "use strict";

  function initPane(pane) {
    if (pane.getAttribute("data-nld-ready")) { return; }
    pane.setAttribute("data-nld-ready", "1");
    var prefix = pane.getAttribute("data-prefix") || "";
    var details = pane.querySelector(".nld-details");
    var text = pane.querySelector(".nld-text");
    var selected = null;

    function byId(key) { return document.getElementById(prefix + key); }
    function parts(key) { return text.querySelectorAll('[data-ref="' + key + '"]'); }
    function each(list, fn) { Array.prototype.forEach.call(list, fn); }
    function section(detailKey) { return byId("d-" + detailKey); }
    function detailOf(key) {
      var mark = byId(key);
      return mark && mark.getAttribute("data-detail") ? mark.getAttribute("data-detail") : key;
    }

    function show(detailKey, preview) {
      each(details.querySelectorAll(".nld-detail"), function (s) {
        s.hidden = true;
        s.classList.remove("nld-preview");
      });
      var target = detailKey ? section(detailKey) : null;
      if (target) {
        target.hidden = false;
        if (preview) { target.classList.add("nld-preview"); }
      }
      details.classList.toggle("nld-has-selection", !!target);
    }

    function clear() {
      each(text.querySelectorAll(".nld-selected, .nld-related"), function (m) {
        m.classList.remove("nld-selected", "nld-related");
        m.removeAttribute("aria-current");
        m.removeAttribute("data-rel");
      });
      each(pane.querySelectorAll('[aria-current="true"]'), function (el) { el.removeAttribute("aria-current"); });
      selected = null;
      pane.removeAttribute("data-selected");
      show(null, false);
    }

    function relation(mark) {
      if (mark.classList.contains("nld-cue")) { return "cue"; }
      if (mark.classList.contains("nld-claim")) { return "claim"; }
      return "claimant";
    }

    function select(key) {
      clear();
      var detailKey = detailOf(key);
      var sec = section(detailKey);
      selected = key;
      pane.setAttribute("data-selected", key);
      each(parts(key), function (m) { m.classList.add("nld-selected"); });
      var primary = byId(key);
      if (primary && text.contains(primary)) { primary.setAttribute("aria-current", "true"); }
      if (sec) {
        var related = (sec.getAttribute("data-related") || "").split(" ").filter(Boolean);
        var isActor = detailKey !== key || !text.querySelector('[data-ref="' + key + '"]');
        related.forEach(function (r) {
          each(parts(r), function (m) {
            if (r === key) { return; }
            m.classList.add("nld-related");
            if (!isActor) { m.setAttribute("data-rel", relation(m)); }
          });
        });
        each(sec.querySelectorAll("[data-mention]"), function (li) {
          if (li.getAttribute("data-mention") === key) { li.setAttribute("aria-current", "true"); }
        });
      }
      each(pane.querySelectorAll(".nld-lists a[data-select]"), function (a) {
        if (a.getAttribute("data-select") === detailKey) { a.setAttribute("aria-current", "true"); }
      });
      show(detailKey, false);
    }

    function jump(key, focus) {
      var target = byId(key);
      if (!target || !text.contains(target)) { target = text.querySelector('[data-detail="' + key + '"][id]'); }
      if (!target) { return; }
      target.scrollIntoView({ block: "center" });
      if (focus) { target.focus({ preventScroll: true }); }
    }

    /* a cue or a claimant mention stands for its claim; everything else for itself */
    function target(mark) {
      var own = mark.classList.contains("nld-cue") || mark.classList.contains("nld-claimant-mention");
      return own ? mark.getAttribute("data-detail") : mark.getAttribute("data-ref");
    }

    function markOf(node) {
      var mark = node && node.closest ? node.closest("mark[data-ref]") : null;
      return mark && text.contains(mark) && !mark.classList.contains("nld-sample") ? mark : null;
    }

    pane.addEventListener("click", function (event) {
      var link = event.target.closest("a[data-jump], a[data-select]");
      if (link && pane.contains(link)) {
        event.preventDefault();
        var jumpTo = link.getAttribute("data-jump");
        var choose = link.getAttribute("data-select");
        if (!link.getAttribute("data-keep")) { select(choose || jumpTo); }
        if (jumpTo) { jump(jumpTo, true); }
        return;
      }
      var mark = markOf(event.target);
      if (mark) {
        event.stopPropagation();
        select(target(mark));
      }
    });

    pane.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { clear(); return; }
      if (event.key !== "Enter" && event.key !== " ") { return; }
      var mark = markOf(event.target);
      if (mark && event.target === mark) {
        event.preventDefault();
        select(target(mark));
      }
    });

    text.addEventListener("mouseover", function (event) {
      var mark = markOf(event.target);
      if (mark) { show(mark.getAttribute("data-detail"), mark.getAttribute("data-ref") !== selected); }
    });
    text.addEventListener("mouseleave", function () {
      show(selected ? detailOf(selected) : null, false);
    });

    pane.nldGo = function (jumpTo, choose) {
      select(choose || jumpTo);
      if (jumpTo) { jump(jumpTo, true); }
    };

    var hash = decodeURIComponent((window.location.hash || "").slice(1));
    if (hash && prefix === "" && byId(hash) && text.contains(byId(hash))) { select(hash); }
  }

  function initTable(table) {
    if (table.getAttribute("data-nld-ready")) { return; }
    table.setAttribute("data-nld-ready", "1");
    var heads = table.querySelectorAll("thead th");
    Array.prototype.forEach.call(heads, function (th, column) {
      var button = th.querySelector("button");
      if (!button) { return; }
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        var numeric = th.getAttribute("data-numeric") === "1";
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[column].getAttribute("data-sort") || "";
          var y = b.cells[column].getAttribute("data-sort") || "";
          var order;
          if (numeric) {
            var nx = parseFloat(x), ny = parseFloat(y);
            order = (isNaN(nx) ? -Infinity : nx) - (isNaN(ny) ? -Infinity : ny);
          } else {
            order = x.localeCompare(y, undefined, { sensitivity: "base", numeric: true });
          }
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
        Array.prototype.forEach.call(heads, function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      });
    });
  }

  function init(scope) {
    Array.prototype.forEach.call(scope.querySelectorAll(".nld-pane"), initPane);
    Array.prototype.forEach.call(scope.querySelectorAll("table.nld-index"), initTable);
    if (scope.getAttribute && scope.getAttribute("data-nld-links")) { return; }
    if (scope.setAttribute) { scope.setAttribute("data-nld-links", "1"); }
    /* links outside a pane (an evaluation's list of errors) that name the pane they point into */
    scope.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("a[data-pane]") : null;
      if (!link) { return; }
      var panes = scope.querySelectorAll(".nld-pane");
      for (var i = 0; i < panes.length; i++) {
        if (panes[i].getAttribute("data-prefix") === link.getAttribute("data-pane") && panes[i].nldGo) {
          event.preventDefault();
          panes[i].nldGo(link.getAttribute("data-jump"), link.getAttribute("data-select"));
          return;
        }
      }
    });
  }

  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll(".nld-view details.nld-legend"), function (d) {
      d.open = true;
    });
  });

  var script = document.currentScript;
  var root = script && script.closest ? script.closest(".nld-view") : null;
  init(root || document);
})();
