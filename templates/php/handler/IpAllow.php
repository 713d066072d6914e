<?php

declare(strict_types=1);

namespace CloudFn\Handler;

/**
 * IPv4 and IPv6 allowlists of addresses and CIDR ranges, as the Node
 * handler reads them: `"10.0.0.0/8, 203.0.113.7, 2001:db8::/32"`; entries
 * that are not addresses are ignored.
 */
final class IpAllow
{
    /**
     * @return list<array{0: string, 1: int}> packed network address and prefix length
     */
    public static function parse(string $text): array
    {
        $list = [];
        foreach (explode(',', $text) as $raw) {
            $entry = trim($raw);
            if ($entry === '') {
                continue;
            }
            $parts = explode('/', $entry, 2);
            $packed = self::pack($parts[0]);
            if ($packed === null) {
                continue;
            }
            $max = strlen($packed) * 8;
            $bits = isset($parts[1]) ? (ctype_digit($parts[1]) ? (int) $parts[1] : -1) : $max;
            if ($bits < 0 || $bits > $max) {
                continue;
            }
            $list[] = [self::mask($packed, $bits), $bits];
        }
        return $list;
    }

    /**
     * True when `$ip` (IPv4, IPv6 or IPv4-mapped IPv6) is inside the list.
     *
     * @param list<array{0: string, 1: int}> $list
     */
    public static function allowed(array $list, string $ip): bool
    {
        if (preg_match('/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i', $ip, $m) === 1) {
            $ip = $m[1];
        }
        $packed = self::pack($ip);
        if ($packed === null) {
            return false;
        }
        foreach ($list as [$network, $bits]) {
            if (strlen($network) === strlen($packed) && self::mask($packed, $bits) === $network) {
                return true;
            }
        }
        return false;
    }

    private static function pack(string $ip): ?string
    {
        if (filter_var($ip, FILTER_VALIDATE_IP) === false) {
            return null;
        }
        $packed = inet_pton($ip);
        return $packed === false ? null : $packed;
    }

    private static function mask(string $packed, int $bits): string
    {
        $out = '';
        for ($i = 0; $i < strlen($packed); $i++) {
            $keep = max(0, min(8, $bits - $i * 8));
            $out .= chr(ord($packed[$i]) & ((0xff << (8 - $keep)) & 0xff));
        }
        return $out;
    }
}
