// The merchant's report: draws sales and redemptions per day (data from json_script) with Chart.js.
(function () {
  "use strict";
  var canvas = document.getElementById("report-chart");
  var source = document.getElementById("report-chart-data");
  if (!canvas || !source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var chart = new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.days,
      datasets: [
        {label: canvas.dataset.salesLabel, data: data.sales, backgroundColor: "#2f6fde"},
        {label: canvas.dataset.redemptionsLabel, data: data.redemptions, backgroundColor: "#1a9a6b"}
      ]
    },
    options: {animation: false, scales: {y: {beginAtZero: true, ticks: {precision: 0}}}}
  });
  canvas.dataset.drawn = String(chart.data.labels.length);
})();
