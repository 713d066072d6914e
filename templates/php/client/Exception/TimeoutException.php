<?php

declare(strict_types=1);

namespace CloudFn\Exception;

/** No answer within the call's timeout. */
class TimeoutException extends CloudFnException
{
}
