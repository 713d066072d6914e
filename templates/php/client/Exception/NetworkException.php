<?php

declare(strict_types=1);

namespace CloudFn\Exception;

/** The network failed before an answer (connection refused, reset, DNS). */
class NetworkException extends CloudFnException
{
}
