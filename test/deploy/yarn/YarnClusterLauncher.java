import java.io.BufferedReader;
import java.io.File;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptReport;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ContainerReport;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.NodeLabel;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.apache.hadoop.yarn.server.resourcemanager.nodelabels.RMNodeLabelsManager;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.capacity.CapacityScheduler;

/**
 * Test tier for deploy/submit.sh: a MiniDFSCluster and a MiniYARNCluster (capacity scheduler, queues "default" and
 * "streaming", two NodeManagers of which only the first carries the exclusive node label "flink", which only
 * "streaming" may use) in this JVM, as Flink's own flink-yarn-tests run them.
 *
 * <p>Args: work dir (cwd; MiniYARNCluster writes under target/), the container classpath (yarn.application.classpath).
 * Prints "s2f-yarn-ready <HADOOP_CONF_DIR>" once both clusters serve, then answers one command per stdin line
 * with one "s2f-yarn-reply ..." line: "app <id>" (queue, label expressions, state, each container's node),
 * "ls <hdfs path>" (files under it, recursively), "nodes" (node id and labels), "kill <id>". Stops on EOF.
 */
public final class YarnClusterLauncher {
    private YarnClusterLauncher() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable t) {
            // Hadoop's non-daemon threads would keep a half-started cluster alive.
            t.printStackTrace();
            Runtime.getRuntime().halt(1);
        }
    }

    private static void run(String[] args) throws Exception {
        File work = new File(args[0]).getAbsoluteFile();
        String containerClasspath = args[1];
        File confDir = new File(work, "hadoop-conf");
        confDir.mkdirs();

        Configuration hdfsConf = new Configuration();
        hdfsConf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, new File(work, "dfs").getPath());
        MiniDFSCluster dfs = new MiniDFSCluster.Builder(hdfsConf).numDataNodes(1).build();
        dfs.waitActive();

        YarnConfiguration conf = new YarnConfiguration();
        conf.set("fs.defaultFS", dfs.getURI().toString());
        conf.set(YarnConfiguration.RM_SCHEDULER, CapacityScheduler.class.getName());
        conf.set("yarn.scheduler.capacity.root.queues", "default,streaming");
        conf.set("yarn.scheduler.capacity.root.default.capacity", "50");
        conf.set("yarn.scheduler.capacity.root.streaming.capacity", "50");
        conf.set("yarn.scheduler.capacity.root.default.maximum-capacity", "100");
        conf.set("yarn.scheduler.capacity.root.streaming.maximum-capacity", "100");
        // The label's whole capacity goes to "streaming"; "default" cannot reach the labelled node.
        conf.set("yarn.scheduler.capacity.root.accessible-node-labels", "flink");
        conf.set("yarn.scheduler.capacity.root.accessible-node-labels.flink.capacity", "100");
        conf.set("yarn.scheduler.capacity.root.streaming.accessible-node-labels", "flink");
        conf.set("yarn.scheduler.capacity.root.streaming.accessible-node-labels.flink.capacity", "100");
        conf.set("yarn.scheduler.capacity.root.default.accessible-node-labels", " ");
        // AMs of both queues may take the whole cluster (the default 10% would hold a Flink JobManager back).
        conf.set("yarn.scheduler.capacity.maximum-am-resource-percent", "1.0");
        conf.setBoolean(YarnConfiguration.NODE_LABELS_ENABLED, true);
        conf.set(YarnConfiguration.FS_NODE_LABELS_STORE_ROOT_DIR, new File(work, "node-labels").toURI().toString());
        // MiniYARNCluster gives each NodeManager this, not yarn.nodemanager.resource.memory-mb (4096 by default).
        conf.setInt(YarnConfiguration.YARN_MINICLUSTER_NM_PMEM_MB, 8192);
        conf.setInt(YarnConfiguration.NM_VCORES, 8);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 256);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, 8192);
        conf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
        conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
        // A nearly full disk would mark the NodeManagers unhealthy and no container would start.
        conf.setFloat(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, 100.0f);
        conf.set(YarnConfiguration.YARN_APPLICATION_CLASSPATH, confDir.getPath() + "," + containerClasspath.replace(File.pathSeparatorChar, ','));
        conf.setBoolean("yarn.minicluster.fixed.ports", false);
        conf.set(YarnConfiguration.RM_HOSTNAME, "127.0.0.1");

        MiniYARNCluster yarn = new MiniYARNCluster("s2f-yarn", 2, 1, 1);
        yarn.init(conf);
        yarn.start();
        if (!yarn.waitForNodeManagersToConnect(60_000)) throw new IllegalStateException("NodeManagers did not connect");

        RMNodeLabelsManager labels = yarn.getResourceManager().getRMContext().getNodeLabelManager();
        labels.addToCluserNodeLabels(List.of(NodeLabel.newInstance("flink", true)));
        NodeId labelled = yarn.getNodeManager(0).getNMContext().getNodeId();
        labels.replaceLabelsOnNode(Map.of(labelled, Set.of("flink")));
        CapacityScheduler cs = (CapacityScheduler) yarn.getResourceManager().getResourceScheduler();
        cs.reinitialize(yarn.getConfig(), yarn.getResourceManager().getRMContext());

        // The client side's HADOOP_CONF_DIR: the running clusters' addresses (what a production one holds).
        Configuration written = new Configuration(yarn.getConfig());
        try (OutputStream out = new FileOutputStream(new File(confDir, "yarn-site.xml"))) {
            written.writeXml(out);
        }
        Configuration core = new Configuration(false);
        core.set("fs.defaultFS", dfs.getURI().toString());
        try (OutputStream out = new FileOutputStream(new File(confDir, "core-site.xml"))) {
            core.writeXml(out);
        }

        YarnClient client = YarnClient.createYarnClient();
        client.init(yarn.getConfig());
        client.start();
        FileSystem fs = dfs.getFileSystem();
        System.out.println("s2f-yarn-ready " + confDir.getPath() + " labelled=" + labelled);
        System.out.flush();

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null;) {
            String[] cmd = line.trim().split(" ", 2);
            String reply;
            try {
                reply = switch (cmd[0]) {
                    case "app" -> app(client, ApplicationId.fromString(cmd[1]));
                    case "ls" -> ls(fs, new Path(cmd[1]));
                    case "nodes" -> labels.getNodeLabels().toString();
                    case "kill" -> {
                        client.killApplication(ApplicationId.fromString(cmd[1]));
                        yield "killed";
                    }
                    default -> "error unknown command " + cmd[0];
                };
            } catch (Exception e) {
                reply = "error " + e;
            }
            System.out.println("s2f-yarn-reply " + reply.replace('\n', ' '));
            System.out.flush();
        }
        client.stop();
        yarn.stop();
        dfs.shutdown();
        Runtime.getRuntime().halt(0);
    }

    /** Tab-separated key=value fields; container=<id>@<node> once per container of the current attempt. */
    private static String app(YarnClient client, ApplicationId id) throws Exception {
        ApplicationReport r = client.getApplicationReport(id);
        List<String> f = new ArrayList<>();
        f.add("queue=" + r.getQueue());
        f.add("appNodeLabel=" + r.getAppNodeLabelExpression());
        f.add("amNodeLabel=" + r.getAmNodeLabelExpression());
        f.add("state=" + r.getYarnApplicationState());
        f.add("final=" + r.getFinalApplicationStatus());
        f.add("name=" + r.getName());
        if (r.getCurrentApplicationAttemptId() != null) {
            ApplicationAttemptReport a = client.getApplicationAttemptReport(r.getCurrentApplicationAttemptId());
            for (ContainerReport c : client.getContainers(a.getApplicationAttemptId())) {
                f.add("container=" + c.getContainerId() + "@" + c.getAssignedNode());
            }
        }
        return String.join("\t", f);
    }

    private static String ls(FileSystem fs, Path p) throws Exception {
        if (!fs.exists(p)) return "";
        List<String> files = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(p, true);
        while (it.hasNext()) {
            FileStatus s = it.next();
            files.add(s.getPath().toUri().getPath());
        }
        return String.join("\t", files);
    }
}
