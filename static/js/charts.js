// Draws every <div class="chart" data-chart-source="ID"> from the JSON of <script id="ID"
// type="application/json"> (Django's json_script) with the vendored ECharts, in its Chinese locale.
// Under the Content-Security-Policy (no inline style): the tooltip is drawn on the canvas
// (renderMode "richText"), not as an HTML box with inline styles. Each drawn chart gets
// data-drawn="N" (its number of series) once ECharts has finished rendering.
(function () {
  "use strict";
  if (typeof echarts === "undefined") { return; }
  var PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf"];

  function option(spec) {
    var percent = spec.unit === "%";
    var series = spec.series.map(function (s) {
      return {
        name: s.name,
        type: spec.kind === "line" ? "line" : "bar",
        data: s.data,
        stack: spec.stacked ? "total" : undefined,
        connectNulls: false,
        symbolSize: 6,
        label: { show: spec.series.length === 1 && spec.kind === "bar", position: "top" }
      };
    });
    return {
      animation: false,
      color: PALETTE,
      textStyle: { fontFamily: "\"Noto Sans CJK SC\", \"Microsoft YaHei\", \"PingFang SC\", sans-serif" },
      grid: { left: 48, right: 16, top: spec.series.length > 1 ? 56 : 24, bottom: 56, containLabel: true },
      legend: spec.series.length > 1 ? { type: "scroll", top: 0 } : undefined,
      tooltip: { trigger: "axis", renderMode: "richText", confine: true },
      xAxis: {
        type: "category",
        data: spec.categories,
        axisLabel: { interval: 0, rotate: spec.categories.length > 8 && spec.kind === "bar" ? 30 : 0 }
      },
      yAxis: {
        type: "value",
        name: spec.unit,
        min: 0,
        max: percent ? 100 : undefined,
        minInterval: percent ? undefined : 1
      },
      series: series
    };
  }

  function drawAll(root) {
    root.querySelectorAll(".chart[data-chart-source]").forEach(draw);
  }

  function draw(el) {
    var source = document.getElementById(el.dataset.chartSource);
    if (!source || echarts.getInstanceByDom(el)) { return; }  // the partial may be included twice
    var spec = JSON.parse(source.textContent);
    var chart = echarts.init(el, null, { locale: "ZH", renderer: "canvas" });
    chart.on("finished", function () { el.dataset.drawn = String(spec.series.length); });
    chart.setOption(option(spec));
    window.addEventListener("resize", function () { chart.resize(); });
  }

  drawAll(document);
  // Charts fetched after the page (oversight/_county_charts_lazy.html) are drawn once htmx has swapped them in.
  document.body.addEventListener("htmx:afterSettle", function () { drawAll(document); });
})();
