<?php

/**
 * A PHP server calling every shop function with the generated client, over
 * all three transports. Run by `npm run demo` against `cloudfn serve`; point the
 * environment variables at the real platform to call production instead.
 */

declare(strict_types=1);

use CloudFn\Generated\Client;
use CloudFn\Generated\Exception\SubmitOrderErrorCode;
use CloudFn\Generated\Exception\SubmitOrderException;
use CloudFn\Generated\Model\Address;
use CloudFn\Generated\Model\GetOrderInput;
use CloudFn\Generated\Model\GetOrderPhpInput;
use CloudFn\Generated\Model\ListCategoriesInput;
use CloudFn\Generated\Model\PingInput;
use CloudFn\Generated\Model\SubmitOrderInput;
use CloudFn\Generated\Model\SubmitOrderInputItemsItem;
use CloudFn\Generated\Model\SubmitOrderInputPayment;
use CloudFn\Generated\Model\SubmitOrderPhpInput;
use CloudFn\Generated\Model\SubmitOrderPhpInputItemsItem;
use CloudFn\Generated\Model\SubmitOrderPhpInputPayment;
use CloudFn\Generated\Model\UserLoginInput;
use CloudFn\Generated\Model\UserLoginInputDevice;

$package = __DIR__ . '/../generated/php';
if (is_file($package . '/vendor/autoload.php')) {
    require $package . '/vendor/autoload.php';
} else {
    // Without `composer install`: the package's PSR-4 mapping, by hand.
    spl_autoload_register(static function (string $class) use ($package): void {
        $prefix = 'CloudFn\\Generated\\';
        if (strncmp($class, $prefix, strlen($prefix)) === 0) {
            require $package . '/src/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
        }
    });
}

$env = static fn (string $name, string $default): string => getenv($name) !== false ? (string) getenv($name) : $default;
$baseUrl = $env('CLOUDFN_BASE_URL', 'http://127.0.0.1:3000');
$transports = [
    'HTTP trigger' => ['http' => ['baseUrl' => $baseUrl, 'serviceKey' => $env('CLOUDFN_SERVICE_KEY', 'local-dev-service-key')]],
    'HTTP API' => [
        'api' => [
            'envId' => $env('TCB_ENV', 'shop-dev'),
            'apiKey' => $env('CLOUDBASE_API_KEY', 'local-dev-api-key'),
            // Unset, the client calls https://<envId>.api.tcloudbasegateway.com.
            'baseUrl' => $env('CLOUDBASE_API_BASE_URL', $baseUrl),
        ],
    ],
    'WeChat API' => [
        'cloud' => [
            'appId' => $env('WX_APPID', 'wx00000000cloudfn'),
            'appSecret' => $env('WX_APPSECRET', 'cloudfn-emulator-app-secret'),
            'env' => $env('TCB_ENV', 'shop-dev'),
            'apiBaseUrl' => $env('WX_API_BASE_URL', $baseUrl),
        ],
    ],
];

$shipTo = new Address('王小明', '13800138000', '广东省', '深圳市', '科技园路 1 号');
$customer = '3f1c2b9e-8d4a-4c6f-9a2e-1b7d5e0c4a11';

foreach ($transports as $label => $options) {
    $shop = new Client($options);
    $show = static function (string $what, $value) use ($label): void {
        echo "[PHP, {$label}] {$what}: ", json_encode($value, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES), "\n";
    };
    $show('ping', $shop->ping(new PingInput('hello'))->toArray());
    $items = [new SubmitOrderInputItemsItem('TEA-0001', 2)];
    $show('submitOrder', $shop->submitOrder(new SubmitOrderInput($customer, $items, $shipTo, SubmitOrderInputPayment::WECHAT_PAY))->toArray());
    $show('getOrder', $shop->getOrder(new GetOrderInput('ord_demo000001'))->toArray());
    $show('listCategories', $shop->listCategories(new ListCategoriesInput(null, 2))->toArray());
    $show('userLogin', $shop->userLogin(new UserLoginInput('returning-user-code', UserLoginInputDevice::IOS))->toArray());
    // The same two contracts, implemented in PHP (runtime "php"): run by the local php binary.
    $phpOrder = new SubmitOrderPhpInput($customer, [new SubmitOrderPhpInputItemsItem('TEA-0001', 2)], $shipTo, SubmitOrderPhpInputPayment::WECHAT_PAY);
    $show('submitOrderPhp', $shop->submitOrderPhp($phpOrder)->toArray());
    $show('getOrderPhp', $shop->getOrderPhp(new GetOrderPhpInput('ord_demo000001'))->toArray());
    try {
        $soldOut = [new SubmitOrderInputItemsItem('SOLD-OUT', 1)];
        $shop->submitOrder(new SubmitOrderInput($customer, $soldOut, $shipTo, SubmitOrderInputPayment::ALIPAY));
    } catch (SubmitOrderException $e) {
        if ($e->errorCode() === SubmitOrderErrorCode::OUT_OF_STOCK) {
            $show('submitOrder (sold out)', ['code' => $e->getCode(), 'status' => $e->getStatus(), 'available' => $e->outOfStock()->available]);
        } else {
            $show('submitOrder (coupon)', ['code' => $e->getCode()]);
        }
    }
}
