/* Prioritas Desa: the keyboard and the meeting room, browser-side (loaded after pd.js).
 *
 * - Tabs and table rows are reachable with Tab and open with Enter or Space; radio groups
 *   and the indicator menu get accessible names; the menu puts the cursor in its search box
 *   when it opens.
 * - The search box: Enter opens the first hit (also when the hits arrive after the key), the
 *   down arrow walks the hits.
 * - Presentation mode (/presentasi/...): the arrow keys press the slide's links, F toggles full
 *   screen, Esc returns to the map page; the map page's "Presentasi" link opens the same view.
 *
 * Nothing here fetches anything or talks to another host.
 */
(function () {
    "use strict";

    /* ---------- keyboard: tabs and table rows reachable with Tab, opened with Enter ---------- */
    var A11Y = {timer: null, enterAt: 0};

    function markFocusable() {
        A11Y.timer = null;
        var app = document.querySelector(".pd-app[lang]");
        if (app && !document.documentElement.getAttribute("lang")) {
            document.documentElement.setAttribute("lang", app.getAttribute("lang"));
        }
        /* radio groups are named by the label shown above them */
        document.querySelectorAll(".pd-radio:not([aria-label])").forEach(function (el) {
            var box = el.closest(".pd-control, .pd-lang, .pd-rank-options");
            var label = box && box.querySelector(".pd-label-text");
            if (label) { el.setAttribute("aria-label", label.textContent); }
        });
        /* a radio button is the control: its label is no "option" of a list around it */
        document.querySelectorAll(".pd-radio [role='option']").forEach(function (el) {
            el.removeAttribute("role");
            el.removeAttribute("aria-selected");
        });
        document.querySelectorAll(".pd-radio[role='listbox']").forEach(function (el) {
            el.setAttribute("role", "radiogroup");
        });
        /* the menu's own focus catcher is focusable: it must not be hidden from readers */
        document.querySelectorAll(".dash-dropdown-focus-target[aria-hidden]").forEach(function (el) {
            var menu = el.parentElement && el.parentElement.querySelector(".dash-dropdown");
            var label = menu && document.querySelector("label[for='" + menu.id + "']");
            el.removeAttribute("aria-hidden");
            el.setAttribute("aria-label", label ? label.textContent : menu ? menu.id : "menu");
        });
        document.querySelectorAll(".pd-tabs").forEach(function (el) {
            el.setAttribute("role", "tablist");
        });
        document.querySelectorAll(".pd-tab").forEach(function (el) {
            var on = el.classList.contains("tab--selected");
            el.setAttribute("role", "tab");
            el.setAttribute("tabindex", "0");
            el.setAttribute("aria-selected", on ? "true" : "false");
        });
        document.querySelectorAll("tr.pd-row").forEach(function (el) {
            if (!el.hasAttribute("tabindex")) { el.setAttribute("tabindex", "0"); }
        });
        /* Enter pressed in the search box before its hits arrived opens the first one */
        var first = document.querySelector("#pd-search-results .pd-search-hit");
        if (first && A11Y.enterAt && Date.now() - A11Y.enterAt < 4000) {
            A11Y.enterAt = 0;
            first.click();
        }
    }

    function scheduleA11y() {
        if (!A11Y.timer) { A11Y.timer = window.setTimeout(markFocusable, 30); }
    }

    new MutationObserver(scheduleA11y).observe(document.documentElement,
                                               {childList: true, subtree: true});

    /* the indicator menu puts the cursor in its search box when it opens */
    function focusMenuSearch() {
        var open = !!document.querySelector(".pd-dropdown[aria-expanded='true']");
        var opened = open && !A11Y.menuOpen;
        A11Y.menuOpen = open;
        if (!opened) { return; }  /* only when it opens: never steal the cursor later */
        var box = document.querySelector("[data-radix-popper-content-wrapper] " +
            "input:not([type='radio']):not([type='checkbox'])");
        if (box && document.activeElement !== box) { box.focus(); }
    }

    document.addEventListener("keydown", function (ev) {
        var el = ev.target;
        if (el && el.id === "pd-search") {
            var hits = document.querySelectorAll("#pd-search-results .pd-search-hit");
            if (ev.key === "Enter") {
                ev.preventDefault();
                if (hits.length) { hits[0].click(); } else { A11Y.enterAt = Date.now(); }
            } else if (ev.key === "ArrowDown" && hits.length) {
                ev.preventDefault();
                hits[0].focus();
            }
            return;
        }
        if (el && el.classList && el.classList.contains("pd-search-hit") &&
                (ev.key === "ArrowDown" || ev.key === "ArrowUp")) {
            var li = el.closest("li");
            var next = ev.key === "ArrowDown" ? li.nextElementSibling : li.previousElementSibling;
            ev.preventDefault();
            if (next) { next.querySelector("a").focus(); } else if (ev.key === "ArrowUp") {
                document.getElementById("pd-search").focus();
            }
            return;
        }
        if ((ev.key === "Enter" || ev.key === " ") && el && el.matches &&
                el.matches(".pd-tab, tr.pd-row")) {
            ev.preventDefault();
            el.click();
        }
        scheduleA11y();
        window.setTimeout(focusMenuSearch, 60);
    });
    document.addEventListener("click", function () {
        scheduleA11y();
        window.setTimeout(focusMenuSearch, 60);
    });

    /* ---------- presentation mode (/presentasi/...): keys press the slide's links ----------- */
    var PRESENT_KEYS = {ArrowRight: "pd-present-next", PageDown: "pd-present-next",
                        ArrowLeft: "pd-present-prev", PageUp: "pd-present-prev",
                        ArrowUp: "pd-present-up", ArrowDown: "pd-present-down"};

    function typing(el) {
        var tag = el && el.tagName;
        return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" ||
            !!(el && el.isContentEditable);
    }

    function toggleFullscreen() {
        if (document.fullscreenElement) {
            document.exitFullscreen();
        } else if (document.documentElement.requestFullscreen) {
            document.documentElement.requestFullscreen().catch(function () { return null; });
        }
    }

    document.addEventListener("keydown", function (ev) {
        if (!document.querySelector(".pd-present") || ev.altKey || ev.ctrlKey || ev.metaKey ||
                typing(ev.target)) {
            return;
        }
        var target = null;
        if (ev.key === "Escape") {
            target = document.getElementById("pd-present-exit");
            if (target) {
                ev.preventDefault();
                window.location.assign(target.getAttribute("href"));
            }
            return;
        }
        if (ev.key === "f" || ev.key === "F") {
            ev.preventDefault();
            toggleFullscreen();
            return;
        }
        target = PRESENT_KEYS[ev.key] && document.getElementById(PRESENT_KEYS[ev.key]);
        if (target && target.getAttribute("href")) {
            ev.preventDefault();
            ev.stopPropagation();  /* the map would pan */
            target.click();
        }
    }, true);

    document.addEventListener("click", function (ev) {
        var el = ev.target && ev.target.closest ? ev.target : null;
        if (el && el.closest("#pd-present-full")) {
            toggleFullscreen();
            return;
        }
        /* the map page's "Presentasi" link opens the same view and hash in presentation mode */
        var a = el && el.closest("a.pd-present-link");
        if (a && !ev.metaKey && !ev.ctrlKey && !ev.shiftKey && ev.button === 0) {
            ev.preventDefault();
            window.location.assign("/presentasi" + window.location.pathname +
                                   window.location.hash);
        }
    }, true);
}());
