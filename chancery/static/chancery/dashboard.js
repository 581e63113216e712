// The leadership's dashboards: each chart's data sits in a JSON island (the content security policy allows
// no inline script); Chart.js, served locally, draws it. The table under each chart is the same data.
(function () {
  "use strict";
  var colours = ["#0d6efd", "#6c757d", "#6f42c1", "#20c997", "#fd7e14", "#0dcaf0"];
  // a series that says late is red, in time green, due soon amber, whatever its place
  var tones = { late: "#b02a37", in_time: "#198754", due: "#e0a800" };
  function draw(canvas) {
    var island = document.getElementById(canvas.getAttribute("data-chart"));
    if (!island || typeof Chart === "undefined") { return; }
    var data = JSON.parse(island.textContent);
    var stacked = data.kind === "bar";
    new Chart(canvas, {
      type: data.kind,
      data: {
        labels: data.labels,
        datasets: data.series.map(function (s, i) {
          var colour = tones[s.tone] || colours[i % colours.length];
          return { label: s.name, data: s.values, backgroundColor: colour,
                   borderColor: colour, fill: false, tension: 0.2 };
        })
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        locale: "vi-VN",  // 9.000, as the tables under the charts write it
        scales: { x: { stacked: stacked }, y: { stacked: stacked, beginAtZero: true } },
        plugins: { legend: { position: "bottom" } }
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  });
})();
