<?php

/**
 * Reads one order with its payment details, in PHP, as the TypeScript getOrder does.
 *
 * @param array{orderId: string} $input
 * @param array<string, mixed> $context
 */

declare(strict_types=1);

use CloudFn\Handler\Failure;

return static function (array $input, array $context): array {
    // A seeded order; a real function would read the database.
    $orders = [
        'ord_demo000001' => [
            'orderId' => 'ord_demo000001',
            'shipTo' => [
                'recipient' => '王小明',
                'phone' => '13800138000',
                'province' => '广东省',
                'city' => '深圳市',
                'district' => '南山区',
                'street' => '科技园路 1 号',
            ],
            'paidAt' => '2026-11-01T08:30:00Z',
            'note' => null,
            'payment' => ['method' => 'wechat_pay', 'transactionId' => '4200001234202611010000000001'],
            'location' => [22.5431, 113.9344],
            'tags' => ['channel' => 'mini-program'],
        ],
    ];
    if (!isset($orders[$input['orderId']])) {
        throw Failure::of('ORDER_NOT_FOUND', ['orderId' => $input['orderId']]);
    }
    return $orders[$input['orderId']];
};
