<?php

declare(strict_types=1);

namespace CloudFn\Exception;

/** 502: the function is not published, crashed or timed out on the platform. */
class GatewayException extends CloudFnException
{
}
