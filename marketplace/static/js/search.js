/* The search page: "use my position" and suggestions as the buyer types. */
(function () {
  // Enhancements only: the page works without them.
  var form = document.getElementById("search-form");
  if (!form) { return; }
  var button = document.getElementById("use-my-position");
  if (navigator.geolocation && button) {
    button.classList.remove("d-none");
    button.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (pos) {
        document.getElementById("id_lat").value = pos.coords.latitude.toFixed(6);
        document.getElementById("id_lon").value = pos.coords.longitude.toFixed(6);
        document.getElementById("id_near").value = "";
        form.querySelector("select[name=sort]").value = "distance";
        form.submit();
      });
    });
  }
  document.getElementById("id_near").addEventListener("change", function () {
    document.getElementById("id_lat").value = "";
    document.getElementById("id_lon").value = "";
  });
  var input = document.getElementById("id_q");
  var list = document.getElementById("search-suggestions");
  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var q = input.value.trim();
    if (q.length < 2) { return; }
    timer = setTimeout(function () {
      fetch(input.dataset.autocompleteUrl + "?q=" + encodeURIComponent(q))
        .then(function (r) { return r.ok ? r.json() : {suggestions: []}; })
        .then(function (data) {
          list.innerHTML = "";
          data.suggestions.forEach(function (s) {
            var option = document.createElement("option");
            option.value = s.title;
            list.appendChild(option);
          });
        });
    }, 150);
  });
})();
