// Lindung dashboard: fetches /v1/dashboard/* with the X-API-Key the user typed (kept in
// sessionStorage, so it is gone when the tab closes) and draws inline SVG. No libraries,
// no network beyond the reporting service. Data is only ever inserted as text, never HTML.
(function () {
  "use strict";

  var KEY_STORAGE = "lindung.apiKey";
  var REGENCY_STORAGE = "lindung.regency";
  var API_BASE = document.body.getAttribute("data-api-base") || "";
  var SVG_NS = "http://www.w3.org/2000/svg";
  var MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
    "September", "Oktober", "November", "Desember"];
  var SHORT_MONTHS = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"];
  var COLORS = { blue: "#2f6eba", green: "#54a052", orange: "#ed962d", grey: "#bebebe", red: "#c8463c" };

  // ---- formatting (Indonesian: 16.800, Rp16.800, 42,5 %) ----
  function groupThousands(digits) {
    return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }
  function num(value, decimals) {
    if (value === null || value === undefined) return "-";
    var fixed = Math.abs(value).toFixed(decimals || 0).split(".");
    var text = groupThousands(fixed[0]) + (fixed[1] ? "," + fixed[1] : "");
    return (value < 0 ? "-" : "") + text;
  }
  function rupiah(value) {
    if (value === null || value === undefined) return "-";
    return (value < 0 ? "-" : "") + "Rp" + num(Math.abs(value));
  }
  function pct(value) {
    return value === null || value === undefined ? "-" : num(value, 1) + " %";
  }
  function longDate(iso) {
    if (!iso) return "-";
    var parts = iso.slice(0, 10).split("-");
    var text = parseInt(parts[2], 10) + " " + MONTHS[parseInt(parts[1], 10) - 1] + " " + parts[0];
    return iso.length > 10 ? text + " " + iso.slice(11, 16).replace(":", ".") : text;
  }
  function clip(text, max) {
    return text.length > max ? text.slice(0, max - 1) + "\u2026" : text;
  }
  function monthLabel(yyyyMm) {
    var parts = yyyyMm.split("-");
    return SHORT_MONTHS[parseInt(parts[1], 10) - 1] + " " + parts[0].slice(2);
  }

  // ---- DOM helpers ----
  function $(id) { return document.getElementById(id); }
  function setText(id, text) { $(id).textContent = text; }
  function svgEl(tag, attrs, text) {
    var node = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function newSvg(container, width, height, label) {
    container.textContent = "";
    var svg = svgEl("svg", { viewBox: "0 0 " + width + " " + height, role: "img", "aria-label": label });
    svg.appendChild(svgEl("title", {}, label));
    container.appendChild(svg);
    return svg;
  }
  function emptyChart(container, label) {
    var svg = newSvg(container, 600, 40, label);
    svg.appendChild(svgEl("text", { x: 10, y: 25, "class": "empty" }, "Belum ada data."));
  }
  function status(text, isError) {
    var node = $("status");
    node.textContent = text;
    node.className = isError ? "status error" : "status";
  }

  // ---- API ----
  function apiKey() { return sessionStorage.getItem(KEY_STORAGE); }
  function api(path) {
    return fetch(API_BASE + path, { headers: { "X-API-Key": apiKey(), "Accept": "application/json" } })
      .then(function (response) {
        if (response.status === 401) {
          sessionStorage.removeItem(KEY_STORAGE);
          throw new Error("Kunci API tidak dikenal. Masukkan kunci yang benar.");
        }
        if (response.status === 403) throw new Error("Kunci API ini tidak berhak melihat data kabupaten tersebut.");
        if (!response.ok) throw new Error("Layanan pelaporan menjawab " + response.status + ".");
        return response.json();
      });
  }

  // ---- charts ----
  // Line chart of monthly coverage; percentages when known, otherwise active memberships.
  function drawHistory(points, target) {
    var container = $("chart-history");
    if (!points.length) return emptyChart(container, "Cakupan dari waktu ke waktu");
    var usePct = points.every(function (p) { return p.coverage_percent !== null; });
    var values = points.map(function (p) { return usePct ? p.coverage_percent : p.active_memberships; });
    var W = 720, H = 260, L = 70, R = 20, T = 15, B = 35;
    // scale to the data, not to a 100 % target far above it; the target line shows when in range
    var top = Math.max.apply(null, values) * 1.15 || 1;
    var svg = newSvg(container, W, H, usePct ? "Cakupan kepesertaan aktif (%) per bulan" : "Kepesertaan aktif per bulan");
    var x = function (i) { return L + (points.length === 1 ? (W - L - R) / 2 : i * (W - L - R) / (points.length - 1)); };
    var y = function (v) { return T + (H - T - B) * (1 - v / top); };
    for (var g = 0; g <= 4; g++) {
      var v = top * g / 4;
      svg.appendChild(svgEl("line", { x1: L, x2: W - R, y1: y(v), y2: y(v), "class": "grid" }));
      svg.appendChild(svgEl("text", { x: L - 6, y: y(v) + 4, "text-anchor": "end" }, usePct ? pct(v) : num(v)));
    }
    if (usePct && target && target <= top) {
      svg.appendChild(svgEl("line", { x1: L, x2: W - R, y1: y(target), y2: y(target), "class": "target" }));
      svg.appendChild(svgEl("text", { x: W - R, y: y(target) - 4, "text-anchor": "end" }, "Target UCJ " + pct(target)));
    } else if (usePct && target) {
      svg.appendChild(svgEl("text", { x: W - R, y: T + 10, "text-anchor": "end" }, "Target UCJ " + pct(target) + " (di atas skala)"));
    }
    var path = values.map(function (v, i) { return (i ? "L" : "M") + x(i) + " " + y(v); }).join(" ");
    svg.appendChild(svgEl("path", { d: path, "class": "line" }));
    points.forEach(function (p, i) {
      var dot = svgEl("circle", { cx: x(i), cy: y(values[i]), r: 3, fill: COLORS.blue });
      dot.appendChild(svgEl("title", {}, monthLabel(p.month) + ": " + (usePct ? pct(values[i]) : num(values[i]))));
      svg.appendChild(dot);
      svg.appendChild(svgEl("text", { x: x(i), y: H - 12, "text-anchor": "middle" }, monthLabel(p.month)));
    });
  }

  // Horizontal bars: rows of {label, parts: [{value, color, name}]}, stacked within a row.
  function drawBars(container, label, rows, legend, valueText) {
    if (!rows.length) return emptyChart(container, label);
    var W = 720, L = 200, R = 130, ROW = 24, LEG = legend.length ? 24 : 0;
    var H = LEG + rows.length * ROW + 10;
    var svg = newSvg(container, W, H, label);
    var lx = L;
    legend.forEach(function (item) {
      svg.appendChild(svgEl("rect", { x: lx, y: 6, width: 10, height: 10, fill: item.color }));
      svg.appendChild(svgEl("text", { x: lx + 14, y: 15 }, item.name));
      lx += 30 + item.name.length * 6.5;
    });
    var top = Math.max.apply(null, rows.map(function (r) {
      return r.parts.reduce(function (s, p) { return s + Math.max(p.value || 0, 0); }, 0);
    })) || 1;
    rows.forEach(function (row, i) {
      var y = LEG + i * ROW + 4, x = L;
      var name = svgEl("text", { x: L - 8, y: y + 13, "text-anchor": "end" }, clip(row.label, 32));
      name.appendChild(svgEl("title", {}, row.label));
      svg.appendChild(name);
      row.parts.forEach(function (part) {
        var w = (W - L - R) * Math.max(part.value || 0, 0) / top;
        if (w <= 0) return;
        var rect = svgEl("rect", { x: x, y: y, width: w, height: ROW - 8, fill: part.color });
        rect.appendChild(svgEl("title", {}, row.label + " - " + part.name + ": " + valueText(part.value)));
        svg.appendChild(rect);
        x += w;
      });
      svg.appendChild(svgEl("text", { x: x + 6, y: y + 13 }, row.total));
    });
  }

  function drawDistricts(districts) {
    var usePct = districts.length && districts.every(function (d) { return d.coverage_percent !== null; });
    setText("districts-title", usePct ? "Cakupan kepesertaan aktif per kecamatan" : "Kepesertaan aktif per kecamatan");
    drawBars($("chart-districts"), "Cakupan per kecamatan", districts.map(function (d) {
      var value = usePct ? d.coverage_percent : d.active_memberships;
      var text = usePct ? pct(value) : num(value);
      return { label: d.name, total: text, parts: [{ value: value, color: COLORS.blue, name: d.name }] };
    }), [], usePct ? pct : num);
  }

  function drawBudgets(budgets) {
    var parts = [["committed", "Terikat", COLORS.orange], ["spent", "Terpakai", COLORS.blue],
      ["released", "Dikembalikan", COLORS.grey], ["left", "Sisa", COLORS.green]];
    drawBars($("chart-budgets"), "Penyerapan anggaran per sumber dana", budgets.map(function (b) {
      return {
        label: b.label + " " + b.fiscal_year + (b.scheme ? " (" + b.scheme + ")" : ""),
        total: b.amount === null ? "pagu belum diketahui" : rupiah(b.amount),
        parts: parts.map(function (p) { return { value: b[p[0]], name: p[1], color: p[2] }; })
      };
    }), parts.map(function (p) { return { name: p[1], color: p[2] }; }), rupiah);
  }

  function drawSanctions(sanctions) {
    var series = [["cases_open", "Kasus terbuka", COLORS.orange], ["imposed", "Dijatuhkan", COLORS.red],
      ["lifted", "Dicabut", COLORS.green]];
    var rows = [];
    sanctions.rows.forEach(function (s) {
      series.forEach(function (item, index) {
        rows.push({ label: index === 0 ? s.label : "", total: item[1] + ": " + num(s[item[0]]),
          parts: [{ value: s[item[0]], name: item[1], color: item[2] }] });
      });
    });
    drawBars($("chart-sanctions"), "Kasus dan sanksi", rows,
      series.map(function (s) { return { name: s[1], color: s[2] }; }), num);
  }

  // ---- tables ----
  function fillTable(id, rows, cells) {
    var body = $(id).querySelector("tbody");
    body.textContent = "";
    rows.forEach(function (row) {
      var tr = document.createElement("tr");
      cells(row).forEach(function (cell) {
        var td = document.createElement("td");
        td.textContent = cell.text;
        if (cell.num) td.className = "num";
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    if (!rows.length) {
      var tr = document.createElement("tr"), td = document.createElement("td");
      td.colSpan = $(id).querySelectorAll("th").length;
      td.textContent = "Tidak ada.";
      tr.appendChild(td);
      body.appendChild(tr);
    }
  }

  function drawConstruction(c) {
    setText("construction-line", "Tepat waktu: " + num(c.on_time) + " - terlambat: " + num(c.late) +
      " - belum jatuh tempo: " + num(c.pending) + " - lewat tenggat: " + num(c.overdue_count));
    fillTable("table-overdue", c.overdue, function (p) {
      return [{ text: p.project_name }, { text: p.employer_name }, { text: p.district_name || "-" },
        { text: longDate(p.spk_date) }, { text: longDate(p.registration_deadline) },
        { text: num(p.days_overdue), num: true }];
    });
  }

  function drawVillages(villages, smallCell) {
    fillTable("table-villages", villages, function (v) {
      return [{ text: v.district_name }, { text: v.village_name },
        { text: v.participants_display, num: true }, { text: v.active_memberships_display, num: true }];
    });
    setText("suppression-legend", smallCell.legend);
  }

  // ---- reports and BPJS recaps ----
  // Downloads carry the key as a header (never in a URL): fetched, then saved from a blob.
  function download(path, name) {
    fetch(API_BASE + path, { headers: { "X-API-Key": apiKey() } })
      .then(function (response) {
        if (!response.ok) throw new Error("Unduhan gagal: layanan menjawab " + response.status + ".");
        return response.blob();
      })
      .then(function (blob) {
        var link = document.createElement("a");
        link.href = URL.createObjectURL(blob);
        link.download = name;
        link.click();
        URL.revokeObjectURL(link.href);
      })
      .catch(function (err) { status(err.message, true); });
  }

  function drawObligations(o) {
    var late = $("late-recaps"), owed = $("overdue-reports");
    late.hidden = !o.late_recaps.length;
    late.textContent = o.late_recaps.length ? "Rekap bulanan BPJS terlambat atau belum diterima (" +
      o.late_recaps.length + "): " + o.late_recaps.map(function (r) { return r.period_label; }).join(", ") : "";
    owed.hidden = !o.overdue_reports.length;
    owed.textContent = o.overdue_reports.length ? "Laporan lewat tenggat: " + o.overdue_reports.map(function (r) {
      return r.title + " " + r.period_label; }).join("; ") : "";
    var body = $("table-reports").querySelector("tbody");
    fillTable("table-reports", o.downloads, function (r) {
      return [{ text: r.title }, { text: r.period_label }, { text: r.status_label }, { text: "" }];
    });
    o.downloads.forEach(function (r, i) {
      var cell = body.rows[i].cells[3];
      ["pdf", "xlsx"].forEach(function (fmt) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "download secondary";
        button.textContent = fmt.toUpperCase();
        button.addEventListener("click", function () { download(r[fmt], r.title + " " + r.period_label + "." + fmt); });
        cell.appendChild(button);
      });
    });
  }

  // ---- period and comparison ----
  function drawPrevious(previous, s) {
    [["card-participants-prev", "participants"], ["card-active-prev", "active_memberships"],
      ["card-aid-prev", "aid_funded"]].forEach(function (item) {
      var before = previous.summary[item[1]], change = s[item[1]] - before;
      setText(item[0], previous.period_label + ": " + num(before) + " (" + (change >= 0 ? "+" : "") + num(change) + ")");
    });
  }

  function fillPeriods(periods) {
    var select = $("period"), chosen = select.value;
    if (select.options.length > 1) return;
    periods.forEach(function (p) {
      var option = document.createElement("option");
      option.value = p.period;
      option.textContent = p.label;
      select.appendChild(option);
    });
    select.value = chosen;
  }

  // ---- page ----
  function render(data) {
    var s = data.summary;
    setText("title", "Kabupaten " + (data.regency ? data.regency.name : ""));
    setText("meta-line", (data.period ? data.period.label + " - " : "") + "data per " + longDate(data.data_as_of) +
      (data.generated_at ? " - dibuat " + longDate(data.generated_at) : ""));
    setText("card-participants", num(s.participants));
    setText("card-active", num(s.active_memberships));
    setText("card-aid", num(s.aid_funded));
    setText("card-coverage", s.coverage_percent === null ? "belum dihitung" : pct(s.coverage_percent));
    setText("card-target", pct(s.ucj_target_percent));
    // national targets (national/targets.yaml) beside the regency's own, each with its source
    setText("card-target-national", (data.national_targets || []).map(function (n) {
      return n.label + ": " + n.text;
    }).join("; "));
    setText("card-interim", pct(s.interim_target_percent));
    drawHistory(data.coverage_history, s.ucj_target_percent);
    drawDistricts(data.districts);
    drawBudgets(data.budgets);
    drawSanctions(data.sanctions);
    drawConstruction(data.construction);
    drawVillages(data.villages, data.small_cell);
    if (data.obligations) drawObligations(data.obligations);
    if (data.previous) drawPrevious(data.previous, s);
    if (data.periods) fillPeriods(data.periods);
    $("content").hidden = false;
  }

  function loadData(code) {
    if (!code) return;
    sessionStorage.setItem(REGENCY_STORAGE, code);
    status("Memuat data...");
    var chosen = $("period").value;
    api("/v1/dashboard/data?regency_code=" + encodeURIComponent(code) +
        (chosen ? "&period=" + encodeURIComponent(chosen) : ""))
      .then(function (data) { render(data); status(""); })
      .catch(function (err) { status(err.message, true); });
  }

  function loadRegencies() {
    if (!apiKey()) return;
    status("Memuat daftar kabupaten...");
    api("/v1/dashboard/regencies").then(function (body) {
      var list = Array.isArray(body) ? body : body.regencies;
      var select = $("regency");
      select.textContent = "";
      list.forEach(function (r) {
        var option = document.createElement("option");
        option.value = r.code;
        option.textContent = r.code + " - " + r.name;
        select.appendChild(option);
      });
      select.disabled = !list.length;
      if (!list.length) return status("Kunci API ini tidak berhak atas kabupaten mana pun.", true);
      var remembered = sessionStorage.getItem(REGENCY_STORAGE);
      select.value = list.some(function (r) { return r.code === remembered; }) ? remembered : list[0].code;
      loadData(select.value);
    }).catch(function (err) { status(err.message, true); });
  }

  $("key-form").addEventListener("submit", function (event) {
    event.preventDefault();
    sessionStorage.setItem(KEY_STORAGE, $("api-key").value.trim());
    $("api-key").value = "";
    loadRegencies();
  });
  $("key-forget").addEventListener("click", function () {
    sessionStorage.removeItem(KEY_STORAGE);
    sessionStorage.removeItem(REGENCY_STORAGE);
    $("content").hidden = true;
    $("regency").disabled = true;
    status("Kunci API dilupakan. Masukkan kunci API untuk memuat data.");
  });
  $("regency").addEventListener("change", function (event) { loadData(event.target.value); });
  $("period").addEventListener("change", function () { loadData($("regency").value); });

  // A link may carry the key in its fragment (#key=...&regency=6101), e.g. a kiosk or a headless
  // browser: the fragment never reaches a server, and it is dropped from the address bar at once.
  function keyFromFragment() {
    var params = new URLSearchParams(location.hash.slice(1));
    if (params.get("key")) sessionStorage.setItem(KEY_STORAGE, params.get("key"));
    if (params.get("regency")) sessionStorage.setItem(REGENCY_STORAGE, params.get("regency"));
    if (location.hash) history.replaceState(null, "", location.pathname + location.search);
  }

  keyFromFragment();
  loadRegencies();
})();
