// The site's maps (docs/maps.md): MapLibre GL, vendored (scripts/vendor_maps.sh), drawing our own vector tiles
// (/tiles/{layer}/{z}/{x}/{y}.mvt) over the offline basemap of country outlines. No other host is asked for
// anything, so the maps work offline and under the Content-Security-Policy. Each map is a <div class="map"
// data-map="..."> that stays hidden without JavaScript; the table beside it has the same figures.
// For tests and the curious, the maps are on window.kbMaps by element id, and data-ready="true" marks a map drawn.
import * as maplibregl from "./vendor/maplibre-gl.mjs";

const tiles = (layer) => `${window.location.origin}/tiles/${layer}/{z}/{x}/{y}.mvt`;
const vector = (layer, extra) => ({type: "vector", tiles: [tiles(layer)], minzoom: 0, maxzoom: 14, ...extra});
// Casualty classes of the world choropleth; the legend in web/templates/web/_map_world.html names the same.
const CLASSES = [[0, "#fff5eb"], [1, "#fdd0a2"], [10, "#fd8d3c"], [100, "#d94801"], [1000, "#7f2704"]];
const NO_FIGURE = "#f2f2f2";

function basemapLayers(fill) {
  return [
    {id: "sea", type: "background", paint: {"background-color": "#d9e8f2"}},
    {id: "countries", type: "fill", source: "basemap", "source-layer": "basemap", paint: {"fill-color": fill}},
    {id: "borders", type: "line", source: "basemap", "source-layer": "basemap",
      paint: {"line-color": "#7a7a7a", "line-width": 0.6}},
  ];
}

function style(fill, sources = {}, layers = []) {
  // maxzoom 6: Natural Earth's 1:110m outlines gain nothing from closer tiles; MapLibre overzooms them.
  return {version: 8, sources: {basemap: vector("basemap", {maxzoom: 6}), ...sources},
    layers: [...basemapLayers(fill), ...layers]};
}

function readJSON(id) {
  const node = document.getElementById(id);
  return node ? JSON.parse(node.textContent) : null;
}

function worldStyle(element) {
  const values = readJSON(element.dataset.values) || {};
  const pairs = Object.entries(values).flat();
  const value = pairs.length ? ["match", ["get", "country"], ...pairs, -1] : -1;
  const fill = ["step", value, NO_FIGURE, ...CLASSES.flat()];
  return {style: style(fill), options: {center: [20, 20], zoom: 0.6}};
}

function hazardStyle(element) {
  const synthetic = ["==", ["get", "synthetic"], true];
  const sources = {"hazard-areas": vector("hazard-areas"), "land-release-activities": vector("land-release-activities")};
  const layers = [
    {id: "released-land", type: "fill", source: "land-release-activities", "source-layer": "land-release-activities",
      paint: {"fill-color": "#2b8a3e", "fill-opacity": 0.55}},
    {id: "hazard-areas", type: "fill", source: "hazard-areas", "source-layer": "hazard-areas",
      paint: {"fill-color": ["match", ["get", "hazard_class"], "cha", "#c92a2a", "#f08c00"], "fill-opacity": 0.6}},
    {id: "hazard-outlines", type: "line", source: "hazard-areas", "source-layer": "hazard-areas",
      paint: {"line-color": "#5c0a0a", "line-width": 1}},
    // Synthetic demo polygons get a dashed outline as well as the caption's label.
    {id: "synthetic-outlines", type: "line", source: "hazard-areas", "source-layer": "hazard-areas",
      filter: synthetic, paint: {"line-color": "#1c1c1c", "line-width": 1.5, "line-dasharray": [2, 2]}},
  ];
  const bounds = JSON.parse(element.dataset.bounds);
  return {style: style("#f7f5ef", sources, layers), options: {bounds, fitBoundsOptions: {padding: 24, maxZoom: 13}}};
}

// The map's own words, translated by the page (data-label-*).
function locale(element) {
  const {labelMap, labelZoomIn, labelZoomOut} = element.dataset;
  return {"Map.Title": labelMap, "NavigationControl.ZoomIn": labelZoomIn, "NavigationControl.ZoomOut": labelZoomOut};
}

export function extent(geometry) {
  const points = geometry.coordinates.flat(Infinity);
  const xs = points.filter((_, i) => i % 2 === 0), ys = points.filter((_, i) => i % 2 === 1);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

// The admin's geometry widget: the record's own polygons (not yet published, so not in the tiles) over the basemap;
// on an empty add form, the world. An editable one (data-edit: the text area's id) loads the editor (editor.js).
function geometryStyle(element) {
  const geometry = element.dataset.geometry ? JSON.parse(element.dataset.geometry) : null;
  const data = {type: "FeatureCollection", features: geometry ? [{type: "Feature", properties: {}, geometry}] : []};
  const sources = {geometry: {type: "geojson", data}};
  const layers = [
    {id: "geometry", type: "fill", source: "geometry", paint: {"fill-color": "#d9534f", "fill-opacity": 0.45}},
    {id: "geometry-outline", type: "line", source: "geometry", paint: {"line-color": "#a52a2a", "line-width": 2}},
  ];
  const options = geometry ? {bounds: extent(geometry), fitBoundsOptions: {padding: 32, maxZoom: 16}}
    : {center: [20, 20], zoom: 0.6};
  return {style: style("#f7f5ef", sources, layers), options};
}

const KINDS = {world: worldStyle, hazards: hazardStyle, geometry: geometryStyle};

function start(element) {
  const kind = KINDS[element.dataset.map];
  if (!kind) return;
  element.hidden = false;
  const {style: mapStyle, options} = kind(element);
  const map = new maplibregl.Map({
    container: element, style: mapStyle, attributionControl: false, scrollZoom: false, dragRotate: false,
    pitchWithRotate: false, locale: locale(element), ...options,
  });
  map.addControl(new maplibregl.NavigationControl({showCompass: false}));
  if (element.dataset.edit) {
    map.once("load", () => import("./editor.js").then((editor) => editor.attach(map, element)));
  }
  map.once("idle", () => { element.dataset.ready = "true"; });
  window.kbMaps[element.id] = map;
}

window.kbMaps = window.kbMaps || {};
document.querySelectorAll("div.map[data-map]").forEach(start);
