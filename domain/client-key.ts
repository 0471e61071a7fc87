// The key a client's requests are counted by, for limits per client: an IPv4 address as it is, and an IPv6 client
// by its /64, the smallest network one customer gets (it can use any of its addresses, so each would count alone).

/** "203.0.113.9" for IPv4 (also written as ::ffff:203.0.113.9); "2001:db8:1:2::/64" for any address of that /64. */
export function clientKey(ip: string): string {
  const address = ip.toLowerCase().replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped) return mapped[1]!;
  if (!address.includes(':')) return address;
  // Groups on each side of "::" (an IPv4 tail is the last two), with zero groups for what "::" leaves out.
  const groups = (part: string | undefined) => (part ? part.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g])) : []);
  const [head, tail] = address.split('::');
  const left = groups(head);
  const right = groups(tail);
  const all = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${all
    .slice(0, 4)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}
