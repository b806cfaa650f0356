package dev.nn4j.core;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import dev.nn4j.core.init.Initializer;

/**
 * The shape of nn-core, kept by rules: its packages form no cycle (the root package, which holds the
 * interfaces and the network, included); the root package imports no implementation package; concrete
 * layers live in {@code dev.nn4j.core.layers} and nothing else names them; nn-core holds no concrete
 * activation or optimizer (those are found by name); and library code logs instead of printing.
 */
@AnalyzeClasses(packages = "dev.nn4j.core", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  private static final String ROOT = "dev.nn4j.core";

  /** One slice per package of nn-core: the root package, and each sub-package with everything below it. */
  private static final SliceAssignment PACKAGES =
      new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
          String name = javaClass.getPackageName();
          if (name.equals(ROOT)) {
            return SliceIdentifier.of("dev.nn4j.core (root)");
          }
          if (!name.startsWith(ROOT + ".")) {
            return SliceIdentifier.ignore();
          }
          String rest = name.substring(ROOT.length() + 1);
          int dot = rest.indexOf('.');
          return SliceIdentifier.of(ROOT + "." + (dot < 0 ? rest : rest.substring(0, dot)));
        }

        @Override
        public String getDescription() {
          return "the packages of nn-core, the root package included";
        }
      };

  @ArchTest
  static final ArchRule noPackageCycles = slices().assignedFrom(PACKAGES).should().beFreeOfCycles();

  @ArchTest
  static final ArchRule theInterfacesPackageImportsNoImplementationPackage =
      noClasses()
          .that()
          .resideInAPackage(ROOT)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(ROOT + ".layers..", ROOT + ".losses..", ROOT + ".listeners..", ROOT + ".check..")
          .orShould()
          .dependOnClassesThat(resideInAPackage(ROOT + ".init..").and(not(equivalentTo(Initializer.class))))
          .because(
              "the root package holds the interfaces and the network (with what a model file means), which find"
                  + " implementations by name; io below it is the file container");

  @ArchTest
  static final ArchRule concreteLayersLiveInTheLayersPackage =
      classes()
          .that()
          .implement(Layer.class)
          .and()
          .areNotInterfaces()
          .should()
          .resideInAPackage(ROOT + ".layers..");

  @ArchTest
  static final ArchRule nothingElseInNnCoreNamesAConcreteLayer =
      noClasses()
          .that()
          .resideOutsideOfPackage(ROOT + ".layers..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage(ROOT + ".layers..")
          .because("layers are found through LayerProvider, by name");

  @ArchTest
  static final ArchRule nnCoreHoldsNoConcreteActivation =
      classes()
          .that()
          .implement(Activation.class)
          .should()
          .haveModifier(JavaModifier.ABSTRACT)
          .because("activations live in nn-activations and are found by name");

  @ArchTest
  static final ArchRule nnCoreHoldsNoConcreteOptimizer =
      classes()
          .that()
          .implement(Optimizer.class)
          .should()
          .haveModifier(JavaModifier.ABSTRACT)
          .because("optimizers live in nn-optim and are found by name")
          // nn-core has no optimizer class at all today, not even an abstract one.
          .allowEmptyShould(true);

  @ArchTest
  static final ArchRule libraryCodeLogsAndNeverPrints = GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
}
