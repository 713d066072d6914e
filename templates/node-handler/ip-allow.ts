/**
 * IPv4 and IPv6 allowlists of addresses and CIDR ranges, parsed once.
 * Own address checks instead of node:net, whose import alone costs ~3 ms of cold start.
 */
const IPV4 =
  /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const HEX_GROUP = /^[0-9a-f]{1,4}$/i;

export function isIPv4(ip: string): boolean {
  return IPV4.test(ip);
}

/** RFC 4291 text forms: eight groups, one `::` elision, optional trailing dotted IPv4; no zone ids. */
export function isIPv6(ip: string): boolean {
  if (ip.length < 2 || ip.length > 45) return false;
  let text = ip;
  const lastColon = text.lastIndexOf(":");
  if (text.includes(".", lastColon)) {
    if (!IPV4.test(text.slice(lastColon + 1))) return false;
    text = `${text.slice(0, lastColon + 1)}0:0`; // a dotted IPv4 tail stands for two groups
  }
  const halves = text.split("::");
  if (halves.length > 2) return false;
  const parts = (h: string): string[] | undefined =>
    h === "" ? [] : h.split(":");
  const head = parts(halves[0]!);
  const tail = halves.length === 2 ? parts(halves[1]!) : [];
  if (!head || !tail) return false;
  const groups = [...head, ...tail];
  if (!groups.every((g) => HEX_GROUP.test(g))) return false;
  return halves.length === 2 ? groups.length <= 7 : groups.length === 8;
}

export interface AllowList {
  v4: { base: number; mask: number }[];
  v6: { base: bigint; mask: bigint }[];
}

function v4ToInt(ip: string): number {
  return ip
    .split(".")
    .reduce((acc, part) => ((acc << 8) | Number(part)) >>> 0, 0);
}

function v6ToBigInt(ip: string): bigint {
  let text = ip;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const n = v4ToInt(dotted[1]!);
    text = `${text.slice(0, -dotted[1]!.length)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const h = head ? head.split(":") : [];
  const t = tail !== undefined && tail !== "" ? tail.split(":") : [];
  const groups =
    tail === undefined
      ? h
      : [...h, ...new Array<string>(8 - h.length - t.length).fill("0"), ...t];
  return groups.reduce(
    (acc, g) => (acc << 16n) | BigInt(parseInt(g || "0", 16)),
    0n,
  );
}

/** Parses `"10.0.0.0/8, 203.0.113.7, 2001:db8::/32"`; entries that are not addresses are ignored. */
export function parseAllowList(text: string): AllowList {
  const list: AllowList = { v4: [], v6: [] };
  for (const raw of text.split(",")) {
    const entry = raw.trim();
    if (!entry) continue;
    const [addr = "", bitsText] = entry.split("/");
    if (isIPv4(addr)) {
      const bits = bitsText === undefined ? 32 : Number(bitsText);
      if (!(bits >= 0 && bits <= 32)) continue;
      const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
      list.v4.push({ base: (v4ToInt(addr) & mask) >>> 0, mask });
    } else if (isIPv6(addr)) {
      const bits = bitsText === undefined ? 128 : Number(bitsText);
      if (!(bits >= 0 && bits <= 128)) continue;
      const mask =
        bits === 0
          ? 0n
          : ((1n << 128n) - 1n) ^ ((1n << BigInt(128 - bits)) - 1n);
      list.v6.push({ base: v6ToBigInt(addr) & mask, mask });
    }
  }
  return list;
}

/** True when `ip` (IPv4, IPv6 or IPv4-mapped IPv6) is inside the list. */
export function ipAllowed(list: AllowList, ip: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  const v4 = mapped ? mapped[1]! : ip;
  if (isIPv4(v4)) {
    const n = v4ToInt(v4);
    return list.v4.some((r) => (n & r.mask) >>> 0 === r.base);
  }
  if (isIPv6(ip)) {
    const n = v6ToBigInt(ip);
    return list.v6.some((r) => (n & r.mask) === r.base);
  }
  return false;
}
