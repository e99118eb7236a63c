import { createHash, createHmac } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** What a fake provider answers: accepted, throttled, the template refused, or a fault of its own. */
export type ProviderAnswer = 'ok' | 'throttled' | 'templateRefused' | 'serverError';

/** One SendSms request as the fake read it, after checking its signature itself. */
export interface ProviderRequest {
  /** The signature recomputed from the shared test secret matched, for the expected key id. */
  signatureValid: boolean;
  action: string | undefined;
  version: string | undefined;
  signName: string | undefined;
  templateCode: string | undefined;
  /** Aliyun: the TemplateParam JSON, parsed; Tencent Cloud: TemplateParamSet. */
  params: unknown;
  phone: string | undefined;
  /** Aliyun OutId; Tencent Cloud SessionContext. */
  dedupeId: string | undefined;
  /** Tencent Cloud: SmsSdkAppId. */
  sdkAppId?: unknown;
  /** Everything the request carried (query and body), to look for what must not be there. */
  raw: string;
}

export interface ProviderFake {
  /** `http://127.0.0.1:<port>`, for ALIYUN_SMS_ENDPOINT or TENCENT_SMS_ENDPOINT. */
  url: string;
  requests: ProviderRequest[];
  answerWith: (answer: (request: ProviderRequest, nth: number) => ProviderAnswer) => void;
  close: () => Promise<void>;
}

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

/** RFC 3986 encoding as Alibaba Cloud's canonical query string wants it. */
function acsEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

async function startFake(
  handle: (req: IncomingMessage, body: Buffer) => ProviderRequest,
  reply: (answer: ProviderAnswer, request: ProviderRequest) => { status: number; body: unknown },
): Promise<ProviderFake> {
  const requests: ProviderRequest[] = [];
  let answer: (request: ProviderRequest, nth: number) => ProviderAnswer = () => 'ok';
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = handle(req, Buffer.concat(chunks));
      requests.push(request);
      const { status, body } = reply(answer(request, requests.length), request);
      res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answerWith: (next) => {
      answer = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // The SDKs keep their connections alive.
        server.closeAllConnections();
      }),
  };
}

/**
 * Alibaba Cloud SMS as it checks a request: the ACS3-HMAC-SHA256 signature
 * (the scheme the SDK's `callApi` uses; V3 of Alibaba Cloud's request
 * signing) recomputed here from the shared secret: canonical request of
 * method, path, sorted query, the signed headers (`host`, `x-acs-*`,
 * `content-type`) and the payload hash, hashed and signed with HMAC-SHA256.
 * The action and version in `x-acs-action`/`x-acs-version`; SendSms's
 * parameters in the query string. A request whose signature does not match
 * is refused as Aliyun does (`SignatureDoesNotMatch`).
 */
export function startAliyunFake(accessKeyId: string, accessKeySecret: string): Promise<ProviderFake> {
  return startFake(
    (req, body) => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const query = Object.fromEntries(url.searchParams);
      const headers = req.headers as Record<string, string>;
      const match = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]+)$/.exec(headers.authorization ?? '');
      let signatureValid = false;
      if (match && match[1] === accessKeyId) {
        const signed = match[2].split(';');
        const payloadHash = sha256(body);
        const canonicalQuery = Object.keys(query)
          .sort()
          .map((key) => `${key}=${acsEncode(query[key])}`)
          .join('&');
        const canonicalHeaders = signed.map((name) => `${name}:${(headers[name] ?? '').trim()}\n`).join('');
        const canonicalRequest = ['POST', url.pathname, canonicalQuery, canonicalHeaders, signed.join(';'), payloadHash].join('\n');
        const expected = hmac(accessKeySecret, `ACS3-HMAC-SHA256\n${sha256(canonicalRequest)}`).toString('hex');
        signatureValid =
          req.method === 'POST' &&
          expected === match[3] &&
          headers['x-acs-content-sha256'] === payloadHash &&
          ['host', 'x-acs-action', 'x-acs-version', 'x-acs-date', 'x-acs-signature-nonce'].every((name) => signed.includes(name));
      }
      let params: unknown;
      try {
        params = query.TemplateParam === undefined ? undefined : JSON.parse(query.TemplateParam);
      } catch {
        params = 'not JSON';
      }
      return {
        signatureValid,
        action: headers['x-acs-action'],
        version: headers['x-acs-version'],
        signName: query.SignName,
        templateCode: query.TemplateCode,
        params,
        phone: query.PhoneNumbers,
        dedupeId: query.OutId,
        raw: `${url.search}\n${body.toString('utf8')}`,
      };
    },
    (answer, request) => {
      const requestId = 'F5B0C7A4-0000-4000-8000-000000000000';
      if (!request.signatureValid)
        return {
          status: 400,
          body: { Code: 'SignatureDoesNotMatch', Message: 'Specified signature is not matched', RequestId: requestId },
        };
      switch (answer) {
        case 'ok':
          return { status: 200, body: { Code: 'OK', Message: 'OK', BizId: '900619746936498440^0', RequestId: requestId } };
        case 'throttled':
          return { status: 200, body: { Code: 'isv.BUSINESS_LIMIT_CONTROL', Message: '触发小时级流控Permits:5', RequestId: requestId } };
        case 'templateRefused':
          return { status: 200, body: { Code: 'isv.SMS_TEMPLATE_ILLEGAL', Message: '该账号下找不到对应模板', RequestId: requestId } };
        case 'serverError':
          return {
            status: 503,
            body: {
              Code: 'ServiceUnavailable',
              Message: 'The request has failed due to a temporary failure of the server.',
              RequestId: requestId,
            },
          };
      }
    },
  );
}

/**
 * Tencent Cloud SMS as it checks a request: the TC3-HMAC-SHA256 signature
 * recomputed here from the shared secret (canonical request of method,
 * path, query, `content-type` and `host` and the payload hash; the signing
 * key derived from `TC3<secret>`, the date, `sms` and `tc3_request`), the
 * action and version in `X-TC-Action`/`X-TC-Version`, SendSms's parameters
 * in the JSON body. A bad signature answers `AuthFailure.SignatureFailure`.
 */
export function startTencentFake(secretId: string, secretKey: string): Promise<ProviderFake> {
  return startFake(
    (req, body) => {
      const headers = req.headers as Record<string, string>;
      const text = body.toString('utf8');
      const match =
        /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([a-z0-9]+)\/tc3_request, SignedHeaders=([^,]+), Signature=([0-9a-f]+)$/.exec(
          headers.authorization ?? '',
        );
      let signatureValid = false;
      const timestamp = headers['x-tc-timestamp'] ?? '';
      // The SDK names the service after the endpoint's first label: `sms` for sms.tencentcloudapi.com, `127` for this fake's address.
      const service = (headers.host ?? '').split('.')[0];
      if (match && match[1] === secretId && (match[3] === 'sms' || match[3] === service)) {
        const [, , date, service, signedList, signature] = match;
        const signed = signedList.split(';');
        const valueOf = (name: string): string => (name === 'host' ? (headers.host ?? '').replace(/:\d+$/, '') : (headers[name] ?? ''));
        const url = new URL(req.url ?? '/', 'http://fake');
        const canonicalRequest = [
          req.method,
          url.pathname,
          url.search.slice(1),
          signed.map((name) => `${name}:${valueOf(name)}\n`).join(''),
          signedList,
          sha256(body),
        ].join('\n');
        const stringToSign = `TC3-HMAC-SHA256\n${timestamp}\n${date}/${service}/tc3_request\n${sha256(canonicalRequest)}`;
        const key = hmac(hmac(hmac(`TC3${secretKey}`, date), service), 'tc3_request');
        signatureValid =
          req.method === 'POST' &&
          hmac(key, stringToSign).toString('hex') === signature &&
          new Date(Number(timestamp) * 1000).toISOString().slice(0, 10) === date &&
          signed.includes('content-type') &&
          signed.includes('host');
      }
      let payload: Record<string, unknown> = {};
      try {
        payload = JSON.parse(text) as Record<string, unknown>;
      } catch {
        payload = {};
      }
      return {
        signatureValid,
        action: headers['x-tc-action'],
        version: headers['x-tc-version'],
        signName: payload.SignName as string | undefined,
        templateCode: payload.TemplateId as string | undefined,
        params: payload.TemplateParamSet,
        phone: (payload.PhoneNumberSet as string[] | undefined)?.[0],
        dedupeId: payload.SessionContext as string | undefined,
        raw: `${req.url}\n${text}`,
        sdkAppId: payload.SmsSdkAppId,
      };
    },
    (answer, request) => {
      const RequestId = 'a0aabda6-0000-4000-8000-000000000000';
      const status = (Code: string, Message: string) => ({
        status: 200,
        body: {
          Response: {
            SendStatusSet: [
              {
                SerialNo: '5000:1045710669157053657849499619',
                PhoneNumber: request.phone,
                Fee: 1,
                SessionContext: request.dedupeId,
                Code,
                Message,
                IsoCode: 'CN',
              },
            ],
            RequestId,
          },
        },
      });
      if (!request.signatureValid) {
        return {
          status: 200,
          body: {
            Response: {
              Error: { Code: 'AuthFailure.SignatureFailure', Message: 'The provided credentials could not be validated.' },
              RequestId,
            },
          },
        };
      }
      switch (answer) {
        case 'ok':
          return status('Ok', 'send success');
        case 'throttled':
          return status(
            'LimitExceeded.PhoneNumberDailyLimit',
            'the number of SMS messages sent from a single mobile number every day exceeds the upper limit',
          );
        case 'templateRefused':
          return {
            status: 200,
            body: {
              Response: {
                Error: {
                  Code: 'FailedOperation.TemplateIncorrectOrUnapproved',
                  Message: 'template is not approved or request content does not match the approved template content',
                },
                RequestId,
              },
            },
          };
        case 'serverError':
          return { status: 502, body: { message: 'bad gateway' } };
      }
    },
  );
}
