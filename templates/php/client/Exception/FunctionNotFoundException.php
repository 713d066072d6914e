<?php

declare(strict_types=1);

namespace CloudFn\Exception;

/** 404 from the CloudBase HTTP API: no such function (or version) in the environment. */
class FunctionNotFoundException extends CloudFnException
{
}
