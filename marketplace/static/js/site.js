/* Dealmarket: small progressive enhancements. The pages work without it. */
(function () {
  "use strict";

  // City switcher: choosing a city reloads the page for it.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // Filters folded behind a button on phones are open from the start on wide screens.
  if (window.matchMedia("(min-width: 768px)").matches) {
    document.querySelectorAll("details[data-open-wide]").forEach(function (d) { d.open = true; });
  }

  // Django's catalogue (layout.html loads it) gives gettext/interpolate in the page's language.
  var gettext = window.gettext || function (s) { return s; };
  var interpolate = window.interpolate || function (fmt, obj) {
    return fmt.replace(/%\((\w+)\)s/g, function (_, k) { return String(obj[k]); });
  };

  // Countdowns: <time datetime="ISO" data-countdown> ticks down every second.
  function pad(n) { return n < 10 ? "0" + n : String(n); }
  function render(el) {
    var left = Math.max(0, Date.parse(el.getAttribute("datetime")) - Date.now());
    var s = Math.floor(left / 1000);
    var d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600);
    var m = Math.floor((s % 3600) / 60), sec = s % 60;
    var clock = pad(h) + ":" + pad(m) + ":" + pad(sec);
    // Translators: a countdown, e.g. "3d 04:05:06"; %(days)s is a number of days.
    el.textContent = d ? interpolate(gettext("%(days)sd %(clock)s"), {days: d, clock: clock}, true)
                       : clock;
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
