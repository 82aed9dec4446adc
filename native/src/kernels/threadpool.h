// A small persistent thread pool: the calling thread plus (threads − 1) workers that spin briefly
// and then sleep between jobs. Tasks are claimed from a shared counter, so the caller finishes the
// job alone when a worker is descheduled (a busy machine) instead of waiting for it. One job at a
// time; a caller that finds the pool busy (another JS thread using the addon) runs its job alone.
#pragma once

namespace rnnkit {

using TaskFn = void (*)(void* ctx, int task, int nTasks);

/** Runs fn(ctx, t, nTasks) for every t < nTasks on up to nTasks threads; returns when all are done. */
void parallelFor(int nTasks, TaskFn fn, void* ctx);

}  // namespace rnnkit
