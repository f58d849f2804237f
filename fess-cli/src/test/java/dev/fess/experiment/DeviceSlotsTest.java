package dev.fess.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fess.train.DeviceChoice;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The device of each run of {@code fess experiment run --parallel N} with a made-up number of GPUs. */
class DeviceSlotsTest {

    @ParameterizedTest
    @CsvSource({
        // parallel, GPUs, choice, devices of the runs that go at once
        "4, 4, auto,  gpu:0 gpu:1 gpu:2 gpu:3",
        "2, 2, gpu,   gpu:0 gpu:1",
        "4, 2, auto,  gpu:0 gpu:0 gpu:1 gpu:1",
        "3, 0, auto,  auto auto auto",
        "2, 4, gpu:3, gpu:3 gpu:3",
        "2, 4, cpu,   cpu cpu"
    })
    void runsThatOverlapHoldDifferentSlotsAndSoDifferentGpus(int parallel, int gpus, String choice, String expected)
            throws Exception {
        TrainingRunExecutor executor =
                new TrainingRunExecutor(parallel, 1, true, DeviceChoice.parse(choice, "--device"), () -> gpus);
        WorkerSlots slots = new WorkerSlots(parallel);
        CountDownLatch allHolding = new CountDownLatch(parallel);
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<String>> runs = new ArrayList<>();
            for (int i = 0; i < parallel; i++) {
                runs.add(pool.submit(() -> {
                    int slot = slots.acquire();
                    try {
                        allHolding.countDown();
                        assertThat(allHolding.await(10, TimeUnit.SECONDS)).isTrue(); // all N runs at once
                        return slot + "=" + executor.deviceForSlot(slot);
                    } finally {
                        slots.release(slot);
                    }
                }));
            }
            List<String> devices = new ArrayList<>();
            Set<Integer> held = new HashSet<>();
            for (Future<String> f : runs) {
                String[] r = f.get(20, TimeUnit.SECONDS).split("=");
                held.add(Integer.parseInt(r[0]));
                devices.add(r[1]);
            }
            assertThat(held).hasSize(parallel);
            assertThat(devices).containsExactlyInAnyOrder(expected.split(" "));
        } finally {
            pool.shutdownNow();
        }
    }
}
