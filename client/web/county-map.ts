// Minnesota's 87 counties as SVG path strings, for the program page's map: the Census shapes of us-atlas (TopoJSON,
// state FIPS 27) projected with d3-geo on an equal-area conic fitted to the state. Projected once per process: the
// shapes never change, and every request draws the same paths.
import { readFileSync } from 'node:fs';
import { geoConicEqualArea, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';

export const MAP_WIDTH = 400;
export const MAP_HEIGHT = 440;

export interface CountyShape {
  /** As domain/counties.ts names it ("St. Louis County"). */
  county: string;
  path: string;
  /** Where its label goes. */
  center: [number, number];
}

let shapes: CountyShape[] | undefined;

export function minnesotaCountyShapes(): readonly CountyShape[] {
  if (shapes) return shapes;
  const topology = JSON.parse(readFileSync(require.resolve('us-atlas/counties-10m.json'), 'utf8')) as Topology<{ counties: GeometryCollection<{ name: string }> }>;
  const minnesota = { ...topology.objects.counties, geometries: topology.objects.counties.geometries.filter((g) => String(g.id).startsWith('27')) };
  const counties = feature(topology, minnesota);
  // Standard parallels within the state; centred on its middle meridian, so north is up.
  const projection = geoConicEqualArea().parallels([44, 48.5]).rotate([94.3, 0]).fitExtent([[4, 4], [MAP_WIDTH - 4, MAP_HEIGHT - 4]], counties);
  const path = geoPath(projection);
  const round = (n: number) => Math.round(n * 10) / 10;
  shapes = counties.features
    .map((f) => ({ county: `${f.properties.name} County`, path: path.digits(1)(f) ?? '', center: path.centroid(f).map(round) as [number, number] }))
    .sort((a, b) => a.county.localeCompare(b.county));
  return shapes;
}
