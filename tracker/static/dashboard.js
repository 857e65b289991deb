/* The dashboard's two charts (Chart.js, served by the app). A click on a bar opens the list behind it. */
(function () {
  "use strict";
  var holder = document.getElementById("dashboard-data");
  if (!holder || !window.Chart) { return; }
  var data = JSON.parse(holder.textContent);

  function open(url, cls) {
    if (!url) { return; }
    window.location.href = cls ? url + (url.indexOf("?") < 0 ? "?" : "&") + "cls=" + encodeURIComponent(cls) : url;
  }

  var bars = data.series.map(function (s) {
    return { label: s.label, data: s.data, backgroundColor: s.colour, stack: "classes", yAxisID: "y", order: 2 };
  });
  bars.push({ type: "line", label: "Tỷ lệ đúng hạn (%)", data: data.rate, borderColor: "#212529",
              backgroundColor: "#212529", yAxisID: "rate", spanGaps: true, order: 1 });
  new Chart(document.getElementById("trend-chart"), {
    type: "bar",
    data: { labels: data.labels, datasets: bars },
    options: {
      animation: false, responsive: true, maintainAspectRatio: false,
      plugins: { title: { display: true, text: "Nhiệm vụ giao theo tháng và tình trạng hiện nay" } },
      scales: {
        x: { stacked: true },
        y: { stacked: true, beginAtZero: true, title: { display: true, text: "Số nhiệm vụ" } },
        rate: { position: "right", min: 0, max: 100, grid: { drawOnChartArea: false }, title: { display: true, text: "%" } }
      },
      onClick: function (_event, elements) {
        if (!elements.length) { return; }
        var series = data.series[elements[0].datasetIndex];
        open(data.links[elements[0].index], series ? series.key : null);
      }
    }
  });

  new Chart(document.getElementById("class-chart"), {
    type: "doughnut",
    data: { labels: data.totals.labels,
            datasets: [{ data: data.totals.data, backgroundColor: data.totals.colours }] },
    options: { animation: false, responsive: true, maintainAspectRatio: false,
               plugins: { title: { display: true, text: "Cơ cấu tình trạng" }, legend: { position: "bottom" } } }
  });
}());
