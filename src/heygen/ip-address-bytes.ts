import { isIP } from 'node:net';

/**
 * The bytes of an IP address: 4 for IPv4, 16 for IPv6. IPv6 text is canonicalised by the WHATWG URL parser
 * first, so `::ffff:127.0.0.1` and `::ffff:7f00:1` give the same bytes. A zone id (`%eth0`) is ignored.
 * Throws a `TypeError` for anything that is not an IP address.
 */
export function ipAddressBytes(address: string): Uint8Array {
  const plain = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const version = isIP(plain);
  if (version === 4) return Uint8Array.from(plain.split('.').map(Number));
  if (version !== 6) throw new TypeError(`Not an IP address: ${address}`);
  const canonical = new URL(`http://[${plain}]/`).hostname.slice(1, -1);
  const [head = '', tail] = canonical.split('::');
  const groups = (text: string): number[] =>
    text === '' ? [] : text.split(':').map((group) => parseInt(group, 16));
  const front = groups(head);
  const back = tail === undefined ? [] : groups(tail);
  const all = [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
  const bytes = new Uint8Array(16);
  all.forEach((group, index) => {
    bytes[index * 2] = group >> 8;
    bytes[index * 2 + 1] = group & 255;
  });
  return bytes;
}
