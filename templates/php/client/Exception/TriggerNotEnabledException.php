<?php

declare(strict_types=1);

namespace CloudFn\Exception;

/** 404 from the gateway: no HTTP trigger at that path, or the function is not published. */
class TriggerNotEnabledException extends CloudFnException
{
}
