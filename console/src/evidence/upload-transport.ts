/**
 * The browser side of the resumable protocol. Chunks go up with XMLHttpRequest because fetch
 * reports no upload progress; the rest through the typed client.
 */
import { api, currentAccessToken, reportUnauthorized, unwrap } from '../api/client';
import { ApiProblem } from '../api/problem';
import type { Evidence, UploadStatus } from '../api/types';
import type { Chunk, ChunkAnswer, UploadTransport } from './upload';

export const browserUploadTransport: UploadTransport = {
  start(orderId, file) {
    return unwrap(api.POST('/api/v1/orders/{id}/evidence/uploads', { params: { path: { id: orderId } }, body: file }));
  },
  status(orderId, uploadId) {
    return unwrap(api.GET('/api/v1/orders/{id}/evidence/uploads/{uploadId}', { params: { path: { id: orderId, uploadId } } }));
  },
  putChunk(orderId, uploadId, chunk, onSent) {
    return putChunk(`/api/v1/orders/${encodeURIComponent(orderId)}/evidence/uploads/${encodeURIComponent(uploadId)}`, chunk, onSent);
  },
  async evidence(orderId) {
    return (await unwrap(api.GET('/api/v1/orders/{id}/evidence', { params: { path: { id: orderId } } }))).items;
  },
};

function putChunk(url: string, chunk: Chunk, onSent: (bytes: number) => void): Promise<ChunkAnswer> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('PUT', url);
    const token = currentAccessToken();
    if (token) request.setRequestHeader('authorization', `Bearer ${token}`);
    request.setRequestHeader('content-type', 'application/octet-stream');
    request.setRequestHeader('content-range', `bytes ${chunk.first}-${chunk.last}/${chunk.size}`);
    request.setRequestHeader('content-digest', chunk.digest);
    request.responseType = 'text';
    request.upload.onprogress = (event) => onSent(event.loaded);
    request.onerror = () => reject(ApiProblem.network(new Error('the connection failed during the upload')));
    request.onload = () => {
      let body: unknown = request.responseText;
      try {
        body = JSON.parse(request.responseText);
      } catch {
        // keep the text
      }
      if (request.status === 201) resolve({ complete: true, evidence: body as Evidence });
      else if (request.status === 200) resolve({ complete: false, status: body as UploadStatus });
      else {
        if (request.status === 401) reportUnauthorized();
        reject(ApiProblem.fromResponse(request.status, body));
      }
    };
    request.send(chunk.body);
  });
}
