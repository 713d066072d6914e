<?php

/**
 * For bench/php.mjs: `php php-bench.php <baseUrl> <n> <raw|client>` calls getOrder n times over the
 * HTTP trigger (raw cURL as the platform guide shows it, or the generated client) and prints µs/call.
 */

declare(strict_types=1);

require __DIR__ . '/../test/php/fixtures/autoload.php';

[, $baseUrl, $n, $mode] = $argv;
$n = (int) $n;
$key = 'local-dev-service-key';
if ($mode === 'raw') {
    $ch = curl_init();
    $call = static function () use ($ch, $baseUrl, $key): array {
        curl_setopt_array($ch, [
            CURLOPT_URL => $baseUrl . '/orders/get',
            CURLOPT_POST => true,
            CURLOPT_POSTFIELDS => json_encode(['orderId' => 'ord_demo000001'], JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR),
            CURLOPT_HTTPHEADER => ['Content-Type: application/json', 'X-WX-SERVICE-KEY: ' . $key],
            CURLOPT_RETURNTRANSFER => true,
        ]);
        $body = (string) curl_exec($ch);
        if (curl_getinfo($ch, CURLINFO_RESPONSE_CODE) !== 200) {
            throw new RuntimeException('HTTP ' . curl_getinfo($ch, CURLINFO_RESPONSE_CODE));
        }
        return json_decode($body, true, 512, JSON_THROW_ON_ERROR);
    };
} else {
    $client = new CloudFn\Generated\Client(['http' => ['baseUrl' => $baseUrl, 'serviceKey' => $key]]);
    $input = new CloudFn\Generated\Model\GetOrderInput('ord_demo000001');
    $call = static fn () => $client->getOrder($input);
}
$call();
$t = hrtime(true);
for ($i = 0; $i < $n; $i++) {
    $call();
}
echo round((hrtime(true) - $t) / 1000 / $n), "\n";
