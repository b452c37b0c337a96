// Editing the admin's geometry on its map (docs/maps.md "The admin's map"), with terra-draw (vendored beside
// MapLibre by scripts/vendor_maps.sh). The text area stays the record's geometry: every edit on the map is written
// into it as a GeoJSON MultiPolygon, so the form checks, reprojects and saves it as it does typed text, and text
// typed into it is drawn on the map. terra-draw edits polygons without holes only; one with holes stays view-only.
import {
  TerraDraw, TerraDrawPolygonMode, TerraDrawSelectMode, ValidateNotSelfIntersecting,
} from "./vendor/terra-draw.mjs";
import {TerraDrawMapLibreGLAdapter} from "./vendor/terra-draw-maplibre-gl-adapter.mjs";
import {extent} from "./maps.js";

const PRECISION = 9;  // terra-draw refuses coordinates with more decimals (9 is about 0.1 mm)
const OUTLINE = "#a52a2a";
const notSelfIntersecting = (feature) => ValidateNotSelfIntersecting(feature);

// The polygons of a GeoJSON geometry, or of WKT/EWKT in WGS 84 (other SRIDs are the server's to reproject); null
// for text the map cannot read.
export function polygonsFrom(text) {
  text = text.trim();
  if (!text) return [];
  let geometry;
  try {
    geometry = text.startsWith("{") ? JSON.parse(text) : fromWKT(text);
  } catch {
    return null;
  }
  if (geometry && geometry.type === "Feature") geometry = geometry.geometry;
  if (!geometry || !Array.isArray(geometry.coordinates)) return null;
  if (geometry.type === "Polygon") return [geometry.coordinates];
  if (geometry.type === "MultiPolygon") return geometry.coordinates;
  return null;
}

function fromWKT(text) {
  const found = /^(?:SRID=(\d+);)?\s*(MULTIPOLYGON|POLYGON)\s*(\(.*\))$/is.exec(text);
  if (!found || (found[1] && found[1] !== "4326")) return null;
  const number = "[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?";
  const point = new RegExp(`(${number})\\s+(${number})(?:\\s+${number})*`, "g");
  const body = found[3].replace(point, "[$1,$2]").replaceAll("(", "[").replaceAll(")", "]");
  return {type: found[2].toUpperCase() === "POLYGON" ? "Polygon" : "MultiPolygon", coordinates: JSON.parse(body)};
}

const round = (value) => Number(value.toFixed(PRECISION));

function features(polygons) {
  return polygons.map((rings) => ({
    type: "Feature", properties: {mode: "polygon"},
    geometry: {type: "Polygon", coordinates: rings.map((ring) => ring.map(([x, y]) => [round(x), round(y)]))},
  }));
}

function modes() {
  const styles = {fillColor: "#d9534f", fillOpacity: 0.1, outlineColor: OUTLINE, outlineWidth: 2};
  return [
    new TerraDrawSelectMode({
      flags: {polygon: {feature: {validation: notSelfIntersecting, draggable: false,
        coordinates: {draggable: true, midpoints: {draggable: true}, deletable: true}}}},
      keyEvents: {deselect: "Escape", delete: "Delete", rotate: null, scale: null},
      styles: {selectedPolygonColor: "#d9534f", selectedPolygonFillOpacity: 0.2, selectedPolygonOutlineColor: "#1c1c1c",
        selectedPolygonOutlineWidth: 2, selectionPointColor: "#ffffff", selectionPointOutlineColor: "#1c1c1c",
        selectionPointWidth: 5, selectionPointOutlineWidth: 2, midPointColor: OUTLINE, midPointWidth: 3},
    }),
    new TerraDrawPolygonMode({validation: notSelfIntersecting, styles}),
  ];
}

export function attach(map, element) {
  const textarea = document.getElementById(element.dataset.edit);
  const tools = document.getElementById(`${element.id}-tools`);
  const status = tools.querySelector("[role=status]");
  const buttons = Object.fromEntries([...tools.querySelectorAll("button[data-tool]")].map((b) => [b.dataset.tool, b]));
  const draw = new TerraDraw({adapter: new TerraDrawMapLibreGLAdapter({map, coordinatePrecision: PRECISION}),
    modes: modes()});
  let loading = false, written = null, selected = null;

  const drawn = () => draw.getSnapshot()
    .filter((f) => f.properties.mode === "polygon" && !f.properties.currentlyDrawing)
    .map((f) => f.geometry.coordinates);
  const show = (polygons) => map.getSource("geometry").setData({type: "FeatureCollection",
    features: polygons.length ? [{type: "Feature", properties: {}, geometry: {type: "MultiPolygon", coordinates: polygons}}] : []});
  const setMode = (mode) => {
    draw.setMode(mode);
    for (const tool of ["select", "polygon"]) buttons[tool].setAttribute("aria-pressed", String(tool === mode));
  };

  // The map's drawing, written into the text area when it differs from what the map last read or wrote.
  function write() {
    if (loading) return;
    const polygons = drawn();
    const text = polygons.length ? JSON.stringify({type: "MultiPolygon", coordinates: polygons}) : "";
    if (text === written) return;
    written = text;
    textarea.value = text;
    show(polygons);
  }

  // The text area's geometry, drawn and made editable (unless it has holes); typed text is brought into view.
  function read({fit = false} = {}) {
    const polygons = polygonsFrom(textarea.value);
    status.textContent = polygons === null ? status.dataset.unreadable : "";
    if (polygons === null) return;
    show(polygons);
    if (fit && polygons.length) {
      map.fitBounds(extent({coordinates: polygons}), {padding: 32, maxZoom: 16, animate: false});
    }
    const holes = polygons.some((rings) => rings.length > 1);
    if (holes) status.textContent = status.dataset.holes;
    Object.values(buttons).forEach((button) => { button.disabled = holes || button.dataset.tool === "delete"; });
    loading = true;
    try {
      draw.clear();
      selected = null;
      if (!holes) draw.addFeatures(features(polygons));
    } finally {
      loading = false;
    }
    written = holes ? null : (drawn().length ? JSON.stringify({type: "MultiPolygon", coordinates: drawn()}) : "");
  }

  draw.on("change", write);
  draw.on("finish", write);
  draw.on("select", (id) => { selected = id; buttons.delete.disabled = false; });
  draw.on("deselect", () => { selected = null; buttons.delete.disabled = true; });
  buttons.select.addEventListener("click", () => setMode("select"));
  buttons.polygon.addEventListener("click", () => setMode("polygon"));
  buttons.delete.addEventListener("click", () => {
    if (selected === null || !draw.getSnapshotFeature(selected)) return;  // gone already (the Delete key)
    draw.removeFeatures([selected]);
    selected = null;
    buttons.delete.disabled = true;
    write();
  });
  let typing;
  textarea.addEventListener("input", () => { clearTimeout(typing); typing = setTimeout(() => read({fit: true}), 300); });

  // A vertex dragged past the map's edge keeps following the pointer, and letting go there ends the drag (terra-draw
  // listens on the map's canvas only).
  const canvas = map.getCanvas();
  canvas.addEventListener("pointerdown", (event) => canvas.setPointerCapture(event.pointerId));
  draw.start();
  read();
  setMode(drawn().length || buttons.select.disabled ? "select" : "polygon");
  tools.hidden = false;
  textarea.setAttribute("aria-describedby", [textarea.getAttribute("aria-describedby"), `${element.id}-help`]
    .filter(Boolean).join(" "));
  window.kbEditors = window.kbEditors || {};
  window.kbEditors[element.id] = draw;
  element.dataset.editing = "true";
}
