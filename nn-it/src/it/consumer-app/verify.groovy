// What nn-core, nn-activations and nn-optim bring to a user's runtime class path: Guava (with its own small
// dependencies), slf4j-api and jackson-core, and nothing else; above all no logging backend, which is the
// application's choice.
def listFile = new File(basedir, 'target/runtime-dependencies.txt')
assert listFile.isFile() : "dependency:list wrote no ${listFile}"

def coordinates = [] as SortedSet
listFile.eachLine { line ->
  def m = line =~ /^\s+([\w.\-]+):([\w.\-]+):[\w.\-]+(?::[\w.\-]+)?:[\w.\-]+:(compile|runtime)\b/
  if (m.find()) {
    coordinates << "${m.group(1)}:${m.group(2)}".toString()
  }
}
println "Runtime class path of consumer-app: ${coordinates}"

def required = [
  'dev.nn4j:nn-core', 'dev.nn4j:nn-activations', 'dev.nn4j:nn-optim',
  'com.google.guava:guava', 'org.slf4j:slf4j-api', 'com.fasterxml.jackson.core:jackson-core',
]
def allowed = required + [
  // Guava's own dependencies (33.x)
  'com.google.guava:failureaccess', 'com.google.guava:listenablefuture', 'org.jspecify:jspecify',
  'com.google.errorprone:error_prone_annotations', 'com.google.j2objc:j2objc-annotations',
  'org.checkerframework:checker-qual',
]
def logging = coordinates.findAll { it.startsWith('ch.qos.logback:') || it.contains('log4j') || it.startsWith('commons-logging:') || (it.startsWith('org.slf4j:') && it != 'org.slf4j:slf4j-api') }
assert logging.isEmpty() : "nn4j must not bring a logging backend, but the runtime class path has ${logging}"
def missing = required.findAll { !coordinates.contains(it) }
assert missing.isEmpty() : "expected on the runtime class path, missing: ${missing}"
def unexpected = coordinates.findAll { !allowed.contains(it) }
assert unexpected.isEmpty() : "unexpected on the runtime class path: ${unexpected}"

// The BOM, as installed: no parent, and nothing but nn4j's library modules, so that importing it pins nothing
// else in a user's build (an import takes the whole dependencyManagement, inherited entries included).
def bomDirs = new File(localRepositoryPath, 'dev/nn4j/nn4j-bom').listFiles().findAll { it.isDirectory() }
assert bomDirs.size() == 1 : "expected one installed nn4j-bom version, found ${bomDirs}"
def bomPom = new File(bomDirs[0], "nn4j-bom-${bomDirs[0].name}.pom")
def bom = new groovy.xml.XmlSlurper().parse(bomPom)
assert bom.parent.isEmpty() : "nn4j-bom must have no parent, it has ${bom.parent.artifactId}"
assert bom.dependencies.dependency.isEmpty() : 'nn4j-bom must declare no dependencies'
def managed = bom.dependencyManagement.dependencies.dependency.collect { "${it.groupId}:${it.artifactId}:${it.version}".toString() }
def expectedManaged = ['nn-core', 'nn-activations', 'nn-optim', 'nn-progress', 'nn-blas', 'nn-onnx', 'nn-spark'].collect { "dev.nn4j:${it}:\${project.version}".toString() }
assert managed == expectedManaged : "nn4j-bom manages ${managed}, expected ${expectedManaged}"

// What Maven Central requires of a published pom, in the two poms a user's build reads first: the BOM and the
// parent of every module. The BOM repeats the parent's metadata (it has no parent): the two must agree.
def parentDirs = new File(localRepositoryPath, 'dev/nn4j/nn4j-parent').listFiles().findAll { it.isDirectory() }
def parentPom = new groovy.xml.XmlSlurper().parse(new File(parentDirs[0], "nn4j-parent-${parentDirs[0].name}.pom"))
def metadata = { pom ->
  [url: pom.url.text(),
   licenses: pom.licenses.license.collect { "${it.name}|${it.url}".toString() },
   developers: pom.developers.developer.collect { it.name.text() },
   scm: [pom.scm.connection.text(), pom.scm.developerConnection.text(), pom.scm.url.text()]]
}
[bom: bom, 'nn4j-parent': parentPom].each { name, pom ->
  def m = metadata(pom)
  assert pom.name.text() && pom.description.text() : "${name}: a name and a description"
  assert m.url.startsWith('https://') : "${name}: a project url, got '${m.url}'"
  assert m.licenses == ['Apache-2.0|https://www.apache.org/licenses/LICENSE-2.0.txt'] : "${name}: licenses ${m.licenses}"
  assert m.developers && m.developers.every { it } : "${name}: developers with names, got ${m.developers}"
  assert m.scm.every { it } : "${name}: scm connection, developerConnection and url, got ${m.scm}"
}
assert metadata(bom) == metadata(parentPom) : "nn4j-bom's metadata ${metadata(bom)} differs from nn4j-parent's ${metadata(parentPom)}"

// This pom is the one the README tells users to copy, so its versions are written out, not filled in: they must
// be nn4j's own (the properties of nn4j-parent), or a copy would drift from what nn4j is built and tested with.
def app = new groovy.xml.XmlSlurper().parse(new File(basedir, 'pom.xml'))
def parentProperties = parentPom.properties.children().collectEntries { [(it.name()): it.text()] }
def pinned = [
  'org.apache.maven.plugins:maven-resources-plugin': 'resources-plugin.version',
  'org.apache.maven.plugins:maven-compiler-plugin': 'compiler-plugin.version',
  'org.apache.maven.plugins:maven-surefire-plugin': 'surefire-plugin.version',
  'org.apache.maven.plugins:maven-jar-plugin': 'jar-plugin.version',
  'org.apache.maven.plugins:maven-dependency-plugin': 'dependency-plugin.version',
]
def appPlugins = (app.build.pluginManagement.plugins.plugin.list() + app.build.plugins.plugin.list())
    .collectEntries { [("${it.groupId}:${it.artifactId}".toString()): it.version.text()] }
pinned.each { plugin, property ->
  assert appPlugins[plugin] == parentProperties[property] : "${plugin} ${appPlugins[plugin]} in consumer-app, ${parentProperties[property]} in nn4j-parent"
}
assert app.properties.'maven.compiler.release'.text() == parentProperties['maven.compiler.release']
def appManaged = app.dependencyManagement.dependencies.dependency.collectEntries { [(it.artifactId.text()): it.version.text()] }
assert appManaged['junit-bom'] == parentProperties['junit.version'] : "junit-bom ${appManaged['junit-bom']}, nn4j uses ${parentProperties['junit.version']}"
def assertj = app.dependencies.dependency.find { it.artifactId.text() == 'assertj-core' }
assert assertj.version.text() == parentProperties['assertj.version'] : "assertj ${assertj.version}, nn4j uses ${parentProperties['assertj.version']}"

def log = new File(basedir, 'build.log').text
assert log =~ /Tests run: 1, Failures: 0, Errors: 0, Skipped: 0/ : 'XorRoundTripTest did not run and pass'
return true
