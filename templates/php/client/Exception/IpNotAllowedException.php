<?php

declare(strict_types=1);

namespace CloudFn\Exception;

/** 403: this server's IP is not on the security whitelist. */
class IpNotAllowedException extends CloudFnException
{
}
