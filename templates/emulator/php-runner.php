<?php

/**
 * Runs one invocation of a PHP cloud function for `cloudfn serve`:
 * `php php-runner.php <function dir>` reads {event, context, failure?} as
 * JSON on stdin (objects stay objects, as the 7.4/8.0 runtimes pass them),
 * calls `main_handler` from index.php and writes {ok, value | message} as
 * JSON to fd 3, so that what the function prints cannot corrupt it. With
 * `failure`, the function's implementation is replaced by one that throws
 * that declared error (for contract tests).
 */

declare(strict_types=1);

$result = fopen('php://fd/3', 'w');
$answer = static function (array $outcome) use ($result): void {
    fwrite($result, (string) json_encode($outcome, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_PARTIAL_OUTPUT_ON_ERROR));
};
try {
    $dir = $argv[1];
    $call = json_decode((string) stream_get_contents(STDIN), false, 512, JSON_THROW_ON_ERROR);
    chdir($dir);
    if (isset($call->failure)) {
        foreach (glob($dir . '/cloudfn/*.php') ?: [] as $file) {
            require_once $file;
        }
        $failure = $call->failure;
        $impl = static function () use ($failure): array {
            throw property_exists($failure, 'data')
                ? \CloudFn\Handler\Failure::of($failure->code, json_decode((string) json_encode($failure->data), true))
                : \CloudFn\Handler\Failure::of($failure->code);
        };
        $value = \CloudFn\Handler\Handler::run(require $dir . '/contract.php', $call->event, $call->context, $impl);
    } else {
        require $dir . '/index.php';
        $value = main_handler($call->event, $call->context);
    }
    $answer(['ok' => true, 'value' => $value]);
} catch (\Throwable $e) {
    error_log((string) $e);
    $answer(['ok' => false, 'message' => $e->getMessage()]);
}
