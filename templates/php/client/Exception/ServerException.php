<?php

declare(strict_types=1);

namespace CloudFn\Exception;

/** The function answered 5xx itself (INTERNAL, INVALID_OUTPUT, SERVICE_KEY_NOT_CONFIGURED, NOT_IMPLEMENTED). */
class ServerException extends CloudFnException
{
}
