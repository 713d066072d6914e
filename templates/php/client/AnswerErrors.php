<?php

declare(strict_types=1);

namespace CloudFn\Runtime;

use CloudFn\Exception\BusinessException;
use CloudFn\Exception\CloudFnException;
use CloudFn\Exception\FunctionNotFoundException;
use CloudFn\Exception\GatewayException;
use CloudFn\Exception\InvalidInputException;
use CloudFn\Exception\InvalidOutputException;
use CloudFn\Exception\IpNotAllowedException;
use CloudFn\Exception\ServerException;
use CloudFn\Exception\TriggerNotEnabledException;
use CloudFn\Exception\UnauthorizedException;

/**
 * What a non-success answer means: a handler's error body (a declared business error, invalid
 * input, a refused key…) or a gateway status, each mapped to its exception with the hint the
 * TypeScript client gives.
 */
final class AnswerErrors
{
    /**
     * The handler's error shape, `{"error": {"code": …}}` and nothing else.
     *
     * @param mixed $body
     */
    public static function handlerError($body): ?\stdClass
    {
        if (!$body instanceof \stdClass || count(get_object_vars($body)) !== 1) {
            return null;
        }
        if (!isset($body->error) || !$body->error instanceof \stdClass) {
            return null;
        }
        return is_string($body->error->code ?? null) ? $body->error : null;
    }

    /**
     * Maps a non-success answer (a handler error body, or a gateway status) to its exception.
     *
     * @param array<string, mixed> $spec
     * @param array{status: int|null, requestId: string|null, body: mixed} $answer
     */
    public static function fromAnswer(array $spec, array $answer): CloudFnException
    {
        $name = $spec['name'];
        $status = $answer['status'];
        $id = $answer['requestId'];
        $error = self::handlerError($answer['body']);
        if ($error !== null) {
            $code = $error->code;
            $message = is_string($error->message ?? null) ? $error->message : $code;
            $withId = is_string($error->id ?? null) ? $message . ' (id ' . $error->id . ')' : $message;
            if (array_key_exists($code, $spec['errors'])) {
                $declared = $spec['errors'][$code];
                $raw = property_exists($error, 'data') ? $error->data : null;
                // Checked as the answer is (the client sets `answers` unless validateOutput is off).
                $check = $spec['answers'] ?? null;
                $schema = $spec['errorData'][$code] ?? null;
                $issues = $check instanceof SchemaValidator && $schema !== null ? $check->validate($schema, $raw) : [];
                if ($issues !== []) {
                    return self::dataMismatch($name, $code, self::underErrorData($issues), $declared, $id);
                }
                $class = $spec['exception'] ?? BusinessException::class;
                try {
                    return new $class($code, $message, $name, JsonValue::toArrays($raw), $declared, $id);
                } catch (InvalidOutputException $e) {
                    return self::dataMismatch($name, $code, $e->getIssues(), $declared, $id);
                }
            }
            switch ($code) {
                case 'INVALID_INPUT':
                    $issues = [];
                    foreach (is_array($error->issues ?? null) ? $error->issues : [] as $issue) {
                        $path = $issue instanceof \stdClass ? ($issue->path ?? null) : null;
                        $said = $issue instanceof \stdClass ? ($issue->message ?? null) : null;
                        if (is_string($path) && is_string($said)) {
                            $issues[] = ['path' => $path, 'message' => $said];
                        }
                    }
                    return new InvalidInputException($code, $withId, $name, $issues, $status, $id);
                case 'UNAUTHORIZED':
                    return new UnauthorizedException($code, $withId, $name, $status, $id, Hints::UNAUTHORIZED);
                case 'SIGNATURE_REQUIRED':
                case 'BAD_SIGNATURE':
                case 'SIGNATURE_EXPIRED':
                case 'REPLAYED':
                    return new UnauthorizedException($code, $withId, $name, $status, $id, Hints::SIGNING);
                case 'SIGNING_SECRET_NOT_CONFIGURED':
                    $hint = Hints::SIGNING_SECRET_NOT_CONFIGURED;
                    return new ServerException($code, $withId, $name, $status, $id, $hint);
                case 'IP_NOT_ALLOWED':
                    return new IpNotAllowedException($code, $withId, $name, $status, $id, Hints::IP_NOT_ALLOWED);
                case 'SERVICE_KEY_NOT_CONFIGURED':
                    return new ServerException($code, $withId, $name, $status, $id, Hints::SERVICE_KEY_NOT_CONFIGURED);
                case 'NOT_IMPLEMENTED':
                    return new ServerException($code, $withId, $name, $status, $id, Hints::NOT_IMPLEMENTED);
                case 'INTERNAL':
                case 'INVALID_OUTPUT':
                    return new ServerException($code, $withId, $name, $status, $id, Hints::INTERNAL);
                default:
                    return new CloudFnException($code, $withId, $name, $status, $id);
            }
        }
        $body = $answer['body'] instanceof \stdClass ? $answer['body'] : new \stdClass();
        $gateway = is_string($body->code ?? null) ? $body->code : null;
        $text = is_string($body->message ?? null) ? $body->message : 'HTTP ' . $status;
        switch ($status) {
            case 404:
                return new TriggerNotEnabledException(
                    $gateway ?? 'NOT_FOUND',
                    $text . ' (' . $spec['path'] . ')',
                    $name,
                    $status,
                    $id,
                    Hints::NOT_FOUND
                );
            case 401:
                // The access service's identity authentication answers MISSING_/INVALID_CREDENTIALS.
                if ($gateway === 'MISSING_CREDENTIALS' || $gateway === 'INVALID_CREDENTIALS') {
                    return new UnauthorizedException($gateway, $text, $name, $status, $id, Hints::BEARER);
                }
                return new UnauthorizedException('UNAUTHORIZED', $text, $name, $status, $id, Hints::UNAUTHORIZED);
            case 403:
                return new IpNotAllowedException('IP_NOT_ALLOWED', $text, $name, $status, $id, Hints::IP_NOT_ALLOWED);
            case 502:
            case 503:
            case 504:
                return new GatewayException($gateway ?? 'GATEWAY', $text, $name, $status, $id, Hints::GATEWAY);
            default:
                return new CloudFnException($gateway ?? 'HTTP_' . $status, $text, $name, $status, $id);
        }
    }

    /**
     * Maps a CloudBase HTTP API failure (`{"code", "message", "requestId"}`) to its exception and
     * hint; anything else is read as the trigger's answers are. `$token` is redacted from the message.
     *
     * @param array<string, mixed> $spec
     * @param array{status: int|null, requestId: string|null, body: mixed} $answer
     */
    public static function fromApiAnswer(array $spec, array $answer, string $token): CloudFnException
    {
        $body = $answer['body'] instanceof \stdClass ? $answer['body'] : new \stdClass();
        $code = is_string($body->code ?? null) ? $body->code : null;
        if ($code === null) {
            return self::fromAnswer($spec, $answer);
        }
        $text = Redact::text(is_string($body->message ?? null) ? $body->message : $code, [$token]);
        switch ($code) {
            case 'MISSING_CREDENTIALS':
            case 'INVALID_CREDENTIALS':
            case 'CREDENTIALS_EXPIRED':
                [$class, $hint] = [UnauthorizedException::class, Hints::API_UNAUTHORIZED];
                break;
            case 'EXCEED_AUTHORITY':
            case 'ACTION_FORBIDDEN':
                [$class, $hint] = [UnauthorizedException::class, Hints::API_FORBIDDEN];
                break;
            case 'FUNCTION_NOT_FOUND':
                [$class, $hint] = [FunctionNotFoundException::class, Hints::FUNCTION_NOT_FOUND];
                break;
            case 'FUNCTION_QUALIFIER_NOT_FOUND':
                [$class, $hint] = [FunctionNotFoundException::class, Hints::QUALIFIER_NOT_FOUND];
                break;
            case 'FUNCTION_PARAM_INVALID':
                [$class, $hint] = [CloudFnException::class, Hints::API_BAD_BODY];
                break;
            case 'FUNCTION_TIME_LIMIT_EXCEEDED':
                [$class, $hint] = [GatewayException::class, Hints::TIMEOUT];
                break;
            case 'FUNCTION_EXCEED_RESOURCE_LIMIT':
            case 'FUNCTION_MEMORY_LIMIT_EXCEEDED':
                [$class, $hint] = [GatewayException::class, Hints::RESOURCE_LIMIT];
                break;
            case 'FUNCTION_INVOCATION_FAILED':
            case 'FUNCTION_STATUS_ABNORMAL':
                [$class, $hint] = [GatewayException::class, Hints::GATEWAY];
                break;
            case 'INVALID_HOST':
                [$class, $hint] = [CloudFnException::class, Hints::INVALID_HOST];
                break;
            default:
                return self::fromAnswer($spec, $answer);
        }
        return new $class($code, $text, $spec['name'], $answer['status'], $answer['requestId'], $hint);
    }

    /**
     * A declared error whose data breaks the contract, with the code's declared status (as the
     * TypeScript client has it).
     *
     * @param list<array{path: string, message: string}> $issues
     */
    private static function dataMismatch(
        string $name,
        string $code,
        array $issues,
        ?int $status,
        ?string $requestId
    ): InvalidOutputException {
        return new InvalidOutputException(
            'the data of ' . $code . ' does not match the contract',
            $name,
            $issues,
            $status,
            $requestId,
            Hints::CONTRACT_MISMATCH
        );
    }

    /**
     * Issues about the data, as pointers into the whole answer: `/error/data/sku`.
     *
     * @param list<array{path: string, message: string}> $issues
     * @return list<array{path: string, message: string}>
     */
    private static function underErrorData(array $issues): array
    {
        return array_map(
            static fn (array $i): array => ['path' => '/error/data' . ($i['path'] === '/' ? '' : $i['path'])] + $i,
            $issues
        );
    }
}
