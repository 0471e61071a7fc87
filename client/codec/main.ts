// The codec server process (npm run codec-server).
import { EncryptionCodec } from '../../platform/codec';
import { codecConfig, encryptionConfig } from '../../platform/config';
import { createCodecServer } from './server';

const { host, port, token, uiOrigin } = codecConfig();
const { keys, currentKeyId } = encryptionConfig();
createCodecServer({ codec: new EncryptionCodec(keys, currentKeyId), host, token, uiOrigin }).listen(port, host, () =>
  console.log(`codec-server: http://${host}:${port} (CORS origin ${uiOrigin}${token ? ', bearer token required' : ''})`),
);
