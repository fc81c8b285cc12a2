/** One stored batch of a job's output; (attempt, seq) identifies it. */
export interface LogChunk {
  attempt: number;
  seq: number;
  text: string;
}
