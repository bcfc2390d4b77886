// The worker thread's entry (dist/bridge-worker.js): synckit hands each blocking call here.
import { runAsWorker } from 'synckit';
import { handleBridgeRequest } from './handle-bridge-request';

runAsWorker(handleBridgeRequest);
