<?php

declare(strict_types=1);

namespace CloudFn\Exception;

/** 401: a missing or wrong X-WX-SERVICE-KEY (or, on the HTTP API, a missing or invalid API key). */
class UnauthorizedException extends CloudFnException
{
}
