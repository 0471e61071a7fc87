// Minnesota ZIP codes and their coordinates, from a maintained ZIP data package (zipcodes).
import zipcodes from 'zipcodes';
import type { Coordinates } from './geo';

export function minnesotaZipLocation(zip: string): (Coordinates & { city: string }) | undefined {
  const found = /^\d{5}$/.test(zip) ? zipcodes.lookup(zip) : undefined;
  if (!found || found.state !== 'MN') return undefined;
  return { latitude: found.latitude, longitude: found.longitude, city: found.city };
}

export const isMinnesotaZip = (zip: string) => minnesotaZipLocation(zip) !== undefined;
