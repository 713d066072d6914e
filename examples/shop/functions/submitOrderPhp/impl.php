<?php

/** Unit prices in fen; unknown SKUs cost 1000. A real function would read the database. */

declare(strict_types=1);

use CloudFn\Handler\Failure;

const PRICES = ['TEA-0001' => 3800, 'CUP-0002' => 1500];
const STOCK = ['SOLD-OUT' => 0, 'TEA-0001' => 100];
const EXPIRED_COUPONS = ['SPRING2020'];

/**
 * 提交订单 in PHP: reserves stock and creates an unpaid order, as the TypeScript submitOrder does.
 *
 * @param array{customerId: string, items: list<array{sku: string, quantity: int}>, payment: string} $input
 * @param array{requestId: string|null} $context
 */
return static function (array $input, array $context): array {
    foreach ($input['items'] as $line) {
        $available = STOCK[$line['sku']] ?? 99;
        if ($line['quantity'] > $available) {
            throw Failure::of('OUT_OF_STOCK', ['sku' => $line['sku'], 'available' => $available]);
        }
    }
    if (isset($input['coupon']) && in_array($input['coupon'], EXPIRED_COUPONS, true)) {
        throw Failure::of('COUPON_INVALID');
    }
    $amount = 0;
    foreach ($input['items'] as $line) {
        $amount += (PRICES[$line['sku']] ?? 1000) * $line['quantity'];
    }
    $digest = hash('sha256', json_encode($input) . ($context['requestId'] ?? ''));
    return [
        'orderId' => 'ord_' . substr($digest, 0, 10),
        'status' => $input['payment'] === 'cash_on_delivery' ? 'confirmed' : 'pending_payment',
        'total' => ['amount' => $amount, 'currency' => 'CNY'],
        'createdAt' => gmdate('Y-m-d\TH:i:s\Z'),
    ];
};
