/* Dealmarket: small progressive enhancements. The pages work without it. */
(function () {
  "use strict";
  // Django's JavaScript catalogue (oscar/base.html), or the English text.
  function gettext(text) { return window.gettext ? window.gettext(text) : text; }
  function interpolate(text, values, named) {
    return window.interpolate ? window.interpolate(text, values, named)
      : text.replace(/%\((\w+)\)s/g, function (all, name) { return String(values[name]); });
  }

  // City switcher: choosing a city reloads the page for it.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // Filters folded behind a button on phones are open from the start on wide screens.
  if (window.matchMedia("(min-width: 768px)").matches) {
    document.querySelectorAll("details[data-open-wide]").forEach(function (d) { d.open = true; });
  }

  // Countdowns: <time datetime="ISO" data-countdown> ticks down every second.
  function pad(n) { return n < 10 ? "0" + n : String(n); }
  function render(el) {
    var left = Math.max(0, Date.parse(el.getAttribute("datetime")) - Date.now());
    var s = Math.floor(left / 1000);
    var d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600);
    var m = Math.floor((s % 3600) / 60), sec = s % 60;
    var clock = pad(h) + ":" + pad(m) + ":" + pad(sec);
    el.textContent = d ? interpolate(gettext("%(days)sd %(clock)s"), { days: d, clock: clock }, true) : clock;
    return left > 0;
  }
  var clocks = Array.prototype.slice.call(document.querySelectorAll("time[data-countdown]"));
  if (clocks.length) {
    clocks.forEach(render);
    var timer = setInterval(function () {
      clocks = clocks.filter(render);
      if (!clocks.length) { clearInterval(timer); }
    }, 1000);
  }

  // A group-buy deal's "N bought, M more needed" refreshes while the deal is short.
  document.querySelectorAll("[data-tipping-live]").forEach(function (box) {
    function refresh() {
      fetch(box.dataset.tippingUrl, {headers: {"Accept": "application/json"}})
        .then(function (r) { return r.json(); })
        .then(function (p) {
          box.querySelector(".deal-tipping-text").textContent = p.text;
          if (p.tipped) { box.classList.add("tipped"); } else { setTimeout(refresh, 10000); }
        })
        .catch(function () { setTimeout(refresh, 30000); });
    }
    setTimeout(refresh, 10000);
  });
})();
